/**
 * The one contract between the desktop shell and the renderer. Channel names are `domain:verb`
 * (pushed events in the past tense). Main, preload and renderer all import these types; nothing
 * else crosses the bridge. In a plain browser renderer/desktop/web-host.ts implements the same `DesktopApi`.
 */
export const IPC_CHANNELS = {
  appInfo: 'app:info',
  notificationShow: 'notification:show',
  sessionKeep: 'session:keep',
  sessionRestore: 'session:restore',
  sessionForget: 'session:forget',
  trayUpdate: 'tray:update',
  updateInstall: 'update:install',
  shortcutsGet: 'shortcuts:get',
  shortcutsSet: 'shortcuts:set',
  loginItemGet: 'loginItem:get',
  loginItemSet: 'loginItem:set',
} as const;

/** What the tray shows; mirrors main/services/tray-service.ts. */
export interface TrayCounts {
  readonly myOpen: number;
  readonly atRisk: number;
  /** Escalations no supervisor has acknowledged yet; null for agents. */
  readonly unacknowledgedEscalations: number | null;
  /** What the agent is now, so the tray's availability menu shows it checked. */
  readonly availability: 'available' | 'on_call' | 'away';
}

/** Actions a global shortcut or the tray menu asks of the renderer. */
export const SHELL_ACTIONS = ['call.open', 'search.focus', 'availability.available', 'availability.away'] as const;
export type ShellAction = (typeof SHELL_ACTIONS)[number];

/** The shell actions a global shortcut can run (from any program). */
export const GLOBAL_SHORTCUT_ACTIONS = ['call.open', 'search.focus'] as const;
export type GlobalShortcutAction = (typeof GLOBAL_SHORTCUT_ACTIONS)[number];

/** The global shortcut of each of those actions, in Electron's accelerator grammar; null when off. */
export type GlobalShortcutBindings = Readonly<Record<GlobalShortcutAction, string | null>>;

export interface ShortcutOutcome {
  readonly action: GlobalShortcutAction;
  readonly accelerator: string | null;
  readonly status: 'registered' | 'off' | 'invalid' | 'duplicate' | 'refused';
  /** For the agent, when the shortcut does not work. */
  readonly message?: string;
}

/** Whether a sign-in outlives the app: only where the OS can lock it away (see main/services/token-vault.ts). */
export type SessionKeeping = { readonly persisted: true } | { readonly persisted: false; readonly reason: string };

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];

/** Events main pushes to the renderer, named in the past tense. */
export const IPC_EVENTS = {
  /** A `switchboard://ticket/<number>` link was opened (from a browser, an email, another program). */
  ticketLinkOpened: 'ticketLink:opened',
  /** A global shortcut or the tray menu asked for an action (log a call, focus search). */
  shellActionRequested: 'shellAction:requested',
  /** A new version has downloaded and waits for the agent's restart. */
  updateReady: 'update:ready',
  /** The agent clicked a notification or one of its buttons. */
  notificationActivated: 'notification:activated',
} as const;

/** Buttons a notification may carry, where the OS shows them (a click on the body is `open`). */
export const NOTIFICATION_ACTIONS = ['open', 'acknowledge', 'assignToMe'] as const;
export type NotificationAction = (typeof NOTIFICATION_ACTIONS)[number];

export interface NotificationRequest {
  /** A later notification with the same tag replaces this one instead of stacking. */
  readonly tag: string;
  readonly title: string;
  readonly body: string;
  readonly actions: readonly NotificationAction[];
}

export interface NotificationActivation {
  readonly tag: string;
  readonly action: NotificationAction;
}

export interface TicketLink {
  readonly number: number;
}

export interface AppInfo {
  readonly version: string;
  readonly platform: string;
  /** The server `npm start` launched beside the app, offered at the first sign-in; null otherwise. */
  readonly defaultServerUrl: string | null;
}

export interface DesktopApi {
  /** Which host the renderer runs in: the Electron shell or a plain browser. */
  readonly host: 'desktop' | 'web';
  getAppInfo(): Promise<AppInfo>;
  /** Calls `listener` for each ticket link the OS hands the app; returns the unsubscribe. */
  onTicketLinkOpened(listener: (link: TicketLink) => void): () => void;
  /** Shows a notification outside the window; false when the system cannot (no permission, no support). */
  showNotification(request: NotificationRequest): Promise<boolean>;
  onNotificationActivated(listener: (activation: NotificationActivation) => void): () => void;
  /** Keeps the signed-in session (token included) for the next start, where it can be kept safely. */
  keepSession(session: string): Promise<SessionKeeping>;
  /** The session kept by an earlier start, or null. */
  restoreSession(): Promise<string | null>;
  forgetSession(): Promise<void>;
  /** The counts the tray icon (desktop) or the tab title (browser) shows. */
  updateTrayCounts(counts: TrayCounts): Promise<void>;
  onShellAction(listener: (action: ShellAction) => void): () => void;
  /** Calls `listener` with the version once an update is downloaded (desktop, packaged builds only). */
  onUpdateReady(listener: (version: string) => void): () => void;
  /** Restarts into the downloaded version, only when the agent asks; false when none is ready. */
  installUpdate(): Promise<boolean>;
  /** The global shortcuts and how registering each went (desktop; a browser has none). */
  globalShortcuts(): Promise<{ bindings: GlobalShortcutBindings; outcomes: readonly ShortcutOutcome[] }>;
  /** Replaces the global shortcuts, keeps them for the next start, and says how each went. */
  setGlobalShortcuts(bindings: GlobalShortcutBindings): Promise<readonly ShortcutOutcome[]>;
  startsAtLogin(): Promise<boolean>;
  /** Returns the setting as it now is. */
  setStartsAtLogin(enabled: boolean): Promise<boolean>;
}

/** Every IPC answer: results cross the bridge as data (a thrown error would lose all but its message). */
export type IpcResult<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: { readonly code: 'refused' | 'invalid' | 'failed'; readonly message: string } };

/** The global name the preload exposes the API under (`window.switchboard`). */
export const DESKTOP_API_GLOBAL = 'switchboard';
