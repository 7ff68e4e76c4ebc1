import type { AppInfo, DesktopApi, NotificationActivation, NotificationRequest, SessionKeeping, ShellAction, TicketLink, TrayCounts } from '../../preload/contract';

/**
 * The DesktopApi in a plain browser, so one renderer build runs as the desktop app and as the web app:
 * notifications through the Web Notification API (a click is `open`; browsers show no buttons), no
 * ticket links (the OS hands those only to the desktop app), and a session that lives as long as the tab
 * (the session store keeps it in sessionStorage), never on disk.
 */
export function createWebHost(): DesktopApi {
  const activations = new Set<(activation: NotificationActivation) => void>();
  return Object.freeze({
    host: 'web' as const,
    getAppInfo: async (): Promise<AppInfo> => ({ version: 'web', platform: navigator.platform || 'web', defaultServerUrl: null }),
    onTicketLinkOpened: (_listener: (link: TicketLink) => void) => () => undefined,
    showNotification: async (request: NotificationRequest): Promise<boolean> => {
      if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return false;
      const notification = new Notification(request.title, { body: request.body, tag: request.tag });
      notification.onclick = () => {
        window.focus();
        notification.close();
        for (const listener of activations) listener({ tag: request.tag, action: 'open' });
      };
      return true;
    },
    keepSession: async (_session: string): Promise<SessionKeeping> => ({ persisted: false, reason: 'A browser tab keeps your sign-in until it closes.' }),
    restoreSession: async () => null,
    forgetSession: async () => undefined,
    // No tray in a browser: the tab's title carries what needs attention.
    updateTrayCounts: async (counts: TrayCounts) => {
      document.title = counts.atRisk > 0 ? `(${counts.atRisk}) Switchboard` : 'Switchboard';
    },
    // Shortcuts in a tab are the in-page keymap (F2, /); nothing outside the page calls in.
    onShellAction: (_listener: (action: ShellAction) => void) => () => undefined,
    // The web app updates when the server does: a reload is the update.
    onUpdateReady: (_listener: (version: string) => void) => () => undefined,
    installUpdate: async () => false,
    // A tab has neither global shortcuts nor a login item: the settings that need them are desktop-only.
    globalShortcuts: async () => ({ bindings: { 'call.open': null, 'search.focus': null }, outcomes: [] }),
    setGlobalShortcuts: async () => [],
    startsAtLogin: async () => false,
    setStartsAtLogin: async () => false,
    onNotificationActivated: (listener: (activation: NotificationActivation) => void) => {
      activations.add(listener);
      return () => void activations.delete(listener);
    },
  });
}
