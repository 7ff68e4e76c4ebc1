import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS, IPC_EVENTS, type NotificationActivation, type TicketLink } from '../../../preload/contract';
import { createDesktopApi, type IpcRendererLike } from '../../../preload/desktop-api';

/** Stands in for ipcRenderer (the Electron binary cannot run here). */
function fakeIpcRenderer(answers: Record<string, unknown>) {
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const invoked: unknown[][] = [];
  const ipc: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      invoked.push([channel, ...args]);
      return answers[channel];
    },
    on: (channel, listener) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener)),
    off: (channel, listener) => listeners.get(channel)?.delete(listener),
  };
  const push = (channel: string, payload: unknown) => {
    for (const listener of listeners.get(channel) ?? []) listener({ sender: 'electron event' }, payload);
  };
  return { ipc, invoked, push, listeners };
}

describe('the DesktopApi the preload exposes', () => {
  it('exposes exactly the contract, frozen, with no way to reach an arbitrary channel', () => {
    const api = createDesktopApi(fakeIpcRenderer({}).ipc);
    expect(Object.keys(api).sort()).toEqual(['forgetSession', 'getAppInfo', 'globalShortcuts', 'host', 'installUpdate', 'keepSession', 'onNotificationActivated', 'onShellAction', 'onTicketLinkOpened', 'onUpdateReady', 'restoreSession', 'setGlobalShortcuts', 'setStartsAtLogin', 'showNotification', 'startsAtLogin', 'updateTrayCounts']);
    expect(api.host).toBe('desktop');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('unwraps results and turns refusals into errors with the main process’s message', async () => {
    const ok = fakeIpcRenderer({ [IPC_CHANNELS.appInfo]: { ok: true, data: { version: '1.2.3', platform: 'linux', defaultServerUrl: null } } });
    await expect(createDesktopApi(ok.ipc).getAppInfo()).resolves.toEqual({ version: '1.2.3', platform: 'linux', defaultServerUrl: null });
    expect(ok.invoked).toEqual([[IPC_CHANNELS.appInfo]]);
    const refused = fakeIpcRenderer({ [IPC_CHANNELS.appInfo]: { ok: false, error: { code: 'refused', message: 'Only the Switchboard window may ask this.' } } });
    await expect(createDesktopApi(refused.ipc).getAppInfo()).rejects.toThrow('Only the Switchboard window may ask this.');
  });

  it('passes ticket links to the page as a number only, drops malformed ones, and unsubscribes', () => {
    const fake = fakeIpcRenderer({});
    const seen: unknown[] = [];
    const stop = createDesktopApi(fake.ipc).onTicketLinkOpened((link: TicketLink) => seen.push(link));
    fake.push(IPC_EVENTS.ticketLinkOpened, { number: 1042 });
    fake.push(IPC_EVENTS.ticketLinkOpened, { number: '1042' });
    fake.push(IPC_EVENTS.ticketLinkOpened, { number: -1 });
    fake.push(IPC_EVENTS.ticketLinkOpened, null);
    expect(seen).toEqual([{ number: 1042 }]);
    stop();
    fake.push(IPC_EVENTS.ticketLinkOpened, { number: 7 });
    expect(seen).toHaveLength(1);
  });

  it('shows notifications through main and passes on only well-formed activations', async () => {
    const fake = fakeIpcRenderer({ [IPC_CHANNELS.notificationShow]: { ok: true, data: true } });
    const api = createDesktopApi(fake.ipc);
    const request = { tag: 'sla:t1:75', title: 'SB-1042 at risk', body: 'Printer offline', actions: ['open' as const] };
    await expect(api.showNotification(request)).resolves.toBe(true);
    expect(fake.invoked).toEqual([[IPC_CHANNELS.notificationShow, request]]);
    const seen: NotificationActivation[] = [];
    api.onNotificationActivated((activation) => seen.push(activation));
    fake.push(IPC_EVENTS.notificationActivated, { tag: 'sla:t1:75', action: 'acknowledge' });
    fake.push(IPC_EVENTS.notificationActivated, { tag: 'sla:t1:75', action: 'delete' });
    fake.push(IPC_EVENTS.notificationActivated, { tag: 42, action: 'open' });
    expect(seen).toEqual([{ tag: 'sla:t1:75', action: 'acknowledge' }]);
  });

  it('passes on an update only with a version number, and installs only through its channel', async () => {
    const fake = fakeIpcRenderer({ [IPC_CHANNELS.updateInstall]: { ok: true, data: true } });
    const api = createDesktopApi(fake.ipc);
    const versions: string[] = [];
    api.onUpdateReady((version) => versions.push(version));
    fake.push(IPC_EVENTS.updateReady, '1.4.0');
    fake.push(IPC_EVENTS.updateReady, '<img src=x>');
    fake.push(IPC_EVENTS.updateReady, { version: '1.5.0' });
    expect(versions).toEqual(['1.4.0']);
    await expect(api.installUpdate()).resolves.toBe(true);
    expect(fake.invoked).toEqual([[IPC_CHANNELS.updateInstall]]);
  });
});
