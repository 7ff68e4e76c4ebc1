/**
 * The one contract between the desktop shell and the renderer. Channel names are `domain:verb`
 * (pushed events in the past tense). Main, preload and renderer all import these types; nothing
 * else crosses the bridge. The web build implements the same `DesktopApi` with browser APIs.
 */
export const IPC_CHANNELS = {
  appInfo: 'app:info',
} as const;

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];

export interface AppInfo {
  readonly version: string;
  readonly platform: string;
}

export interface DesktopApi {
  /** Which host the renderer runs in: the Electron shell or a plain browser. */
  readonly host: 'desktop' | 'web';
  getAppInfo(): Promise<AppInfo>;
}

/** Every IPC answer: results cross the bridge as data (a thrown error would lose all but its message). */
export type IpcResult<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: { readonly code: 'refused' | 'invalid' | 'failed'; readonly message: string } };

/** The global name the preload exposes the API under (`window.switchboard`). */
export const DESKTOP_API_GLOBAL = 'switchboard';
