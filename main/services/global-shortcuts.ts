/**
 * Shortcuts that work from any application (the agent is in the CRM or the softphone when a call comes
 * in). Registered through the OS, which may refuse one another program holds: every binding comes back
 * with an outcome the renderer shows, none is dropped silently.
 */
import { z } from 'zod';
import type { GlobalShortcutAction, GlobalShortcutBindings, ShortcutOutcome } from '../../preload/contract';

export type GlobalActionId = GlobalShortcutAction;
export type { ShortcutOutcome };

/** Bindings from the renderer or the settings file, checked before anything is registered. */
export const GlobalShortcutBindingsSchema = z.strictObject({
  'call.open': z.string().max(100).nullable(),
  'search.focus': z.string().max(100).nullable(),
});

export const GLOBAL_ACTIONS: Readonly<Record<GlobalActionId, string>> = {
  'call.open': 'Log a call',
  'search.focus': 'Search tickets',
};

/** Defaults with three modifiers: global shortcuts take the keys from every other program. */
export const DEFAULT_GLOBAL_SHORTCUTS: GlobalShortcutBindings = {
  'call.open': 'CommandOrControl+Alt+Shift+L',
  'search.focus': 'CommandOrControl+Alt+Shift+F',
};

/** What the platform layer provides: Electron's globalShortcut. */
export interface GlobalShortcutCapability {
  /** False when the OS or another program holds the accelerator. */
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

export type ShortcutStatus = ShortcutOutcome['status'];

const MODIFIERS = new Set(['command', 'cmd', 'control', 'ctrl', 'commandorcontrol', 'cmdorctrl', 'alt', 'option', 'altgr', 'shift', 'super', 'meta']);
const NAMED_KEYS = new Set(['plus', 'space', 'tab', 'backspace', 'delete', 'insert', 'return', 'enter', 'up', 'down', 'left', 'right', 'home', 'end', 'pageup', 'pagedown', 'escape', 'esc']);

/**
 * An accelerator in Electron's grammar ("CommandOrControl+Alt+Shift+L") with at least one modifier and
 * exactly one key; the keys F13–F24, which no program uses by default, may stand alone. Returns why not.
 */
export function acceleratorProblem(accelerator: string): string | null {
  const parts = accelerator.split('+').map((p) => p.trim().toLowerCase());
  if (parts.some((p) => p === '')) return 'is not a key combination';
  const keys = parts.filter((p) => !MODIFIERS.has(p));
  if (keys.length !== 1) return 'needs exactly one key besides Ctrl, Alt, Shift or Cmd';
  const key = keys[0]!;
  const fKey = /^f([1-9]|1\d|2[0-4])$/.exec(key);
  if (!(/^[a-z0-9]$/.test(key) || fKey || NAMED_KEYS.has(key) || /^[`~!@#$%^&*()\-_=[\]{}\\|;:'",.<>/?]$/.test(key))) return `does not know the key "${keys[0]}"`;
  const standsAlone = fKey && Number(fKey[1]) >= 13;
  if (parts.length === 1 && !standsAlone) return 'needs Ctrl, Alt, Shift or Cmd, or it would take the key from every other program';
  return null;
}

export class GlobalShortcutService {
  private registered: string[] = [];
  private current: { bindings: GlobalShortcutBindings; outcomes: ShortcutOutcome[] } = { bindings: DEFAULT_GLOBAL_SHORTCUTS, outcomes: [] };

  constructor(
    private readonly shortcuts: GlobalShortcutCapability,
    private readonly onAction: (action: GlobalActionId) => void,
  ) {}

  /** Replaces every global shortcut with `bindings` (null turns one off) and says how each went. */
  apply(bindings: GlobalShortcutBindings): ShortcutOutcome[] {
    this.dispose();
    const taken = new Map<string, GlobalActionId>();
    const outcomes = (Object.keys(GLOBAL_ACTIONS) as GlobalActionId[]).map((action): ShortcutOutcome => {
      const accelerator = bindings[action];
      const label = GLOBAL_ACTIONS[action];
      if (!accelerator) return { action, accelerator: null, status: 'off' };
      const problem = acceleratorProblem(accelerator);
      if (problem) return { action, accelerator, status: 'invalid', message: `${label}: ${accelerator} ${problem}.` };
      const normalised = accelerator.toLowerCase().split('+').map((p) => p.trim()).sort().join('+');
      const other = taken.get(normalised);
      if (other) return { action, accelerator, status: 'duplicate', message: `${label}: ${accelerator} is already the shortcut for ${GLOBAL_ACTIONS[other]}.` };
      taken.set(normalised, action);
      let ok: boolean;
      try {
        ok = this.shortcuts.register(accelerator, () => this.onAction(action));
      } catch {
        ok = false;
      }
      if (!ok) {
        return { action, accelerator, status: 'refused', message: `${label}: ${accelerator} is in use by another program or the system; choose another combination.` };
      }
      this.registered.push(accelerator);
      return { action, accelerator, status: 'registered' };
    });
    this.current = { bindings, outcomes };
    return outcomes;
  }

  /** The bindings last applied and how each went. */
  get state(): { bindings: GlobalShortcutBindings; outcomes: readonly ShortcutOutcome[] } {
    return this.current;
  }

  dispose(): void {
    for (const accelerator of this.registered) this.shortcuts.unregister(accelerator);
    this.registered = [];
  }
}
