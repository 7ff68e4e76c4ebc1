import { describe, expect, it } from 'vitest';
import { acceleratorProblem, DEFAULT_GLOBAL_SHORTCUTS, GlobalShortcutService, type GlobalActionId, type GlobalShortcutCapability } from '../../../main/services/global-shortcuts';

/** Stands in for Electron's globalShortcut (no Electron binary here); `held` are taken by other programs. */
function fakeOs(held: string[] = []): GlobalShortcutCapability & { active: Map<string, () => void> } {
  const active = new Map<string, () => void>();
  return {
    active,
    register: (accelerator, callback) => {
      if (held.includes(accelerator) || active.has(accelerator)) return false;
      active.set(accelerator, callback);
      return true;
    },
    unregister: (accelerator) => void active.delete(accelerator),
  };
}

describe('global shortcuts', () => {
  it('registers the defaults, and a press runs the action from any program', () => {
    const os = fakeOs();
    const ran: GlobalActionId[] = [];
    const outcomes = new GlobalShortcutService(os, (a) => ran.push(a)).apply(DEFAULT_GLOBAL_SHORTCUTS);
    expect(outcomes.map((o) => o.status)).toEqual(['registered', 'registered']);
    os.active.get('CommandOrControl+Alt+Shift+L')!();
    expect(ran).toEqual(['call.open']);
  });

  it('reports a shortcut the OS refuses instead of swallowing it, and keeps the others', () => {
    const os = fakeOs(['CommandOrControl+Alt+Shift+L']);
    const service = new GlobalShortcutService(os, () => undefined);
    const [call, search] = service.apply(DEFAULT_GLOBAL_SHORTCUTS);
    expect(service.state).toEqual({ bindings: DEFAULT_GLOBAL_SHORTCUTS, outcomes: [call, search] }); // what the settings dialog shows
    expect(call).toMatchObject({ status: 'refused', message: 'Log a call: CommandOrControl+Alt+Shift+L is in use by another program or the system; choose another combination.' });
    expect(search!.status).toBe('registered');
  });

  it('refuses invalid, bare and duplicate combinations with the reason, and turns one off on null', () => {
    const os = fakeOs();
    const service = new GlobalShortcutService(os, () => undefined);
    expect(service.apply({ 'call.open': 'L', 'search.focus': null })).toEqual([
      { action: 'call.open', accelerator: 'L', status: 'invalid', message: 'Log a call: L needs Ctrl, Alt, Shift or Cmd, or it would take the key from every other program.' },
      { action: 'search.focus', accelerator: null, status: 'off' },
    ]);
    expect(service.apply({ 'call.open': 'Ctrl+Alt+K', 'search.focus': 'alt+ctrl+k' })[1]).toMatchObject({ status: 'duplicate' });
    expect(acceleratorProblem('Ctrl+Shift')).toMatch(/exactly one key/);
    expect(acceleratorProblem('Ctrl+Foo')).toMatch(/does not know the key/);
    expect(acceleratorProblem('Ctrl++')).toMatch(/not a key combination/);
    expect(acceleratorProblem('F13')).toBeNull();
    expect(acceleratorProblem('F2')).toMatch(/needs Ctrl/);
  });

  it('a new set of bindings releases the old ones first', () => {
    const os = fakeOs();
    const service = new GlobalShortcutService(os, () => undefined);
    service.apply(DEFAULT_GLOBAL_SHORTCUTS);
    service.apply({ 'call.open': 'Ctrl+Alt+K', 'search.focus': null });
    expect([...os.active.keys()]).toEqual(['Ctrl+Alt+K']);
    service.dispose();
    expect(os.active.size).toBe(0);
  });
});
