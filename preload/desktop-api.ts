import { IPC_CHANNELS, IPC_EVENTS, NOTIFICATION_ACTIONS, SHELL_ACTIONS, type AppInfo, type DesktopApi, type IpcResult, type NotificationAction, type NotificationActivation, type NotificationRequest, type GlobalShortcutBindings, type SessionKeeping, type ShellAction, type ShortcutOutcome, type TicketLink, type TrayCounts } from './contract';

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
  /** Subscribes to a pushed event, handing the page only payloads that `accept` returns. */
  const subscribe = <T>(channel: string, accept: (payload: unknown) => T | null, listener: (value: T) => void) => {
    const forward = (_event: unknown, payload: unknown) => {
      const value = accept(payload);
      if (value !== null) listener(value);
    };
    ipc.on(channel, forward);
    return () => void ipc.off(channel, forward);
  };
  return Object.freeze({
    host: 'desktop' as const,
    getAppInfo: () => invoke<AppInfo>(IPC_CHANNELS.appInfo),
    onTicketLinkOpened: (listener: (link: TicketLink) => void) =>
      subscribe(IPC_EVENTS.ticketLinkOpened, (payload) => {
        const number = (payload as Partial<TicketLink> | null)?.number;
        return typeof number === 'number' && Number.isSafeInteger(number) && number > 0 ? { number } : null;
      }, listener),
    keepSession: (session: string) => invoke<SessionKeeping>(IPC_CHANNELS.sessionKeep, session),
    restoreSession: () => invoke<string | null>(IPC_CHANNELS.sessionRestore),
    forgetSession: () => invoke<void>(IPC_CHANNELS.sessionForget),
    updateTrayCounts: (counts: TrayCounts) => invoke<void>(IPC_CHANNELS.trayUpdate, counts),
    onShellAction: (listener: (action: ShellAction) => void) =>
      subscribe(IPC_EVENTS.shellActionRequested, (payload) => (SHELL_ACTIONS.includes(payload as ShellAction) ? (payload as ShellAction) : null), listener),
    onUpdateReady: (listener: (version: string) => void) =>
      subscribe(IPC_EVENTS.updateReady, (payload) => (typeof payload === 'string' && /^\d+\.\d+\.\d+[\w.+-]{0,40}$/.test(payload) ? payload : null), listener),
    installUpdate: () => invoke<boolean>(IPC_CHANNELS.updateInstall),
    globalShortcuts: () => invoke<{ bindings: GlobalShortcutBindings; outcomes: readonly ShortcutOutcome[] }>(IPC_CHANNELS.shortcutsGet),
    setGlobalShortcuts: (bindings: GlobalShortcutBindings) => invoke<readonly ShortcutOutcome[]>(IPC_CHANNELS.shortcutsSet, bindings),
    startsAtLogin: () => invoke<boolean>(IPC_CHANNELS.loginItemGet),
    setStartsAtLogin: (enabled: boolean) => invoke<boolean>(IPC_CHANNELS.loginItemSet, enabled),
    showNotification: (request: NotificationRequest) => invoke<boolean>(IPC_CHANNELS.notificationShow, request),
    onNotificationActivated: (listener: (activation: NotificationActivation) => void) =>
      subscribe(IPC_EVENTS.notificationActivated, (payload) => {
        const { tag, action } = (payload ?? {}) as Partial<NotificationActivation>;
        return typeof tag === 'string' && tag.length <= 200 && NOTIFICATION_ACTIONS.includes(action as NotificationAction) ? { tag, action: action! } : null;
      }, listener),
  });
}
