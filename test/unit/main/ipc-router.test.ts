import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { IpcRouter, type IpcCapability, type IpcInvokeEvent } from '../../../main/services/ipc-router';

/** Stands in for ipcMain (no Electron binary here): keeps the listeners so tests can invoke them. */
function fakeIpcMain(): IpcCapability & { invoke(channel: string, event: IpcInvokeEvent, ...args: unknown[]): Promise<unknown> } {
  const listeners = new Map<string, (event: IpcInvokeEvent, ...args: unknown[]) => Promise<unknown>>();
  return {
    handle: (channel, listener) => void listeners.set(channel, listener),
    invoke: (channel, event, ...args) => listeners.get(channel)!(event, ...args),
  };
}

const APP = 'app://switchboard';
const mainFrame: IpcInvokeEvent = { senderFrame: { url: 'app://switchboard/tickets/1042', parent: null } };

function router() {
  const ipc = fakeIpcMain();
  const refused: string[] = [];
  const calls: unknown[] = [];
  const routes = new IpcRouter(ipc, APP, (channel, reason) => refused.push(`${channel}: ${reason}`));
  routes.handle('window:focused', z.strictObject({ ticketNumber: z.number().int().positive() }), (args) => {
    calls.push(args);
    return 'focused';
  });
  routes.handle('app:failed', z.undefined(), () => {
    throw new Error('Tray not available on this desktop');
  });
  return { ipc, refused, calls };
}

describe('IPC router: every handler checks the sender and its argument', () => {
  it('answers the app window with the handler result, given only the parsed argument', async () => {
    const { ipc, calls } = router();
    expect(await ipc.invoke('window:focused', mainFrame, { ticketNumber: 1042 })).toEqual({ ok: true, data: 'focused' });
    expect(calls).toEqual([{ ticketNumber: 1042 }]);
  });

  it('refuses iframes, other origins and missing frames without running the handler', async () => {
    const { ipc, calls, refused } = router();
    for (const event of [
      { senderFrame: { url: 'app://switchboard/', parent: { url: 'app://switchboard/' } } },
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      { senderFrame: { url: 'file:///etc/passwd', parent: null } },
      { senderFrame: null },
    ]) {
      expect(await ipc.invoke('window:focused', event, { ticketNumber: 1 })).toMatchObject({ ok: false, error: { code: 'refused' } });
    }
    expect(calls).toEqual([]);
    expect(refused).toHaveLength(4);
  });

  it('refuses malformed, extra and prototype-polluting arguments with a typed error', async () => {
    const { ipc, calls } = router();
    for (const args of [[{ ticketNumber: '1042' }], [{ ticketNumber: 1, extra: true }], [JSON.parse('{"ticketNumber":1,"__proto__":{"admin":true}}')], [{ ticketNumber: 1 }, 'second'], []]) {
      expect(await ipc.invoke('window:focused', mainFrame, ...args)).toEqual({ ok: false, error: { code: 'invalid', message: 'The request to the desktop was malformed.' } });
    }
    expect(calls).toEqual([]);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('turns a failing handler into a result the renderer can show, and refuses a second handler per channel', async () => {
    const { ipc } = router();
    expect(await ipc.invoke('app:failed', mainFrame)).toEqual({ ok: false, error: { code: 'failed', message: 'Tray not available on this desktop' } });
    const routes = new IpcRouter(fakeIpcMain(), APP);
    routes.handle('app:info', z.undefined(), () => 1);
    expect(() => routes.handle('app:info', z.undefined(), () => 2)).toThrow('two handlers');
  });
});
