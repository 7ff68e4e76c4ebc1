import { IPC_CHANNELS, IPC_EVENTS, type AppInfo, type DesktopApi, type IpcResult, type TicketLink } from './contract';

/** Electron's ipcRenderer, reduced to what the API uses (so the API is tested without Electron). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  off(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * The DesktopApi the page sees: named operations only, never a way to invoke an arbitrary channel, and
 * never Electron's event objects. Pushed payloads are checked again here before they reach the page.
 */
export function createDesktopApi(ipc: IpcRendererLike): DesktopApi {
  const invoke = async <T>(channel: string, ...args: unknown[]): Promise<T> => {
    const result = (await ipc.invoke(channel, ...args)) as IpcResult<T>;
    if (!result.ok) throw new Error(result.error.message);
    return result.data;
  };
  return Object.freeze({
    host: 'desktop' as const,
    getAppInfo: () => invoke<AppInfo>(IPC_CHANNELS.appInfo),
    onTicketLinkOpened: (listener: (link: TicketLink) => void) => {
      const forward = (_event: unknown, link: unknown) => {
        const number = (link as Partial<TicketLink> | null)?.number;
        if (typeof number === 'number' && Number.isSafeInteger(number) && number > 0) listener({ number });
      };
      ipc.on(IPC_EVENTS.ticketLinkOpened, forward);
      return () => void ipc.off(IPC_EVENTS.ticketLinkOpened, forward);
    },
  });
}
