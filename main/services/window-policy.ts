/**
 * The security decisions of the desktop shell as plain data and pure functions, so they are tested in
 * plain Node without the Electron binary. The platform layer applies them.
 */

/** The subset of Electron's WebPreferences the shell sets, spelled out so nothing is left to defaults. */
export interface SecureWebPreferences {
  readonly preload: string;
  readonly contextIsolation: true;
  readonly sandbox: true;
  readonly nodeIntegration: false;
  readonly nodeIntegrationInWorker: false;
  readonly webSecurity: true;
  readonly allowRunningInsecureContent: false;
  readonly webviewTag: false;
  readonly spellcheck: boolean;
}

export function secureWebPreferences(preloadPath: string): SecureWebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: true,
  };
}

const EXTERNAL_SCHEMES = new Set(['https:', 'mailto:', 'tel:']);

/**
 * A link the page asks to open outside the app: parsed, its scheme allow-listed, and re-serialized so
 * that what reaches the OS is exactly what was checked. Anything else is refused (null).
 */
export function safeExternalUrl(candidate: string): string | null {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (!EXTERNAL_SCHEMES.has(url.protocol)) return null;
  if (url.protocol === 'https:' && (url.username || url.password)) return null;
  return url.toString();
}

/**
 * Scheme and host of a URL. Not `URL.origin`, which is "null" for custom schemes such as app://, so
 * that every app:// page would share the origin of every other opaque one.
 */
export function originOf(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    return url.host ? `${url.protocol}//${url.host}` : null;
  } catch {
    return null;
  }
}

/** The window may only ever show the app's own origin; every other navigation is denied. */
export function isAppNavigation(target: string, appOrigin: string): boolean {
  return originOf(target) === appOrigin;
}
