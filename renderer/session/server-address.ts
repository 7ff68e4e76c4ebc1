/**
 * The server an agent signs in to. The web app talks to the server that served it; the desktop app is
 * served from app://switchboard and asks for the address once, then remembers it on this computer.
 */
const STORAGE_KEY = 'switchboard.serverAddress';
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export type ServerAddress = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly message: string };

/**
 * What the agent typed ("support.example.com", "https://support.example.com/", "localhost:4720") as the
 * server's origin. HTTPS only, except for a server on this computer: over plain HTTP to another machine
 * the password and the token would cross the network readable.
 */
export function serverAddress(text: string): ServerAddress {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, message: 'Enter the address of your Switchboard server.' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `${/^(localhost|127\.0\.0\.1|\[::1\])(:|$)/i.test(trimmed) ? 'http' : 'https'}://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, message: `“${trimmed}” is not a server address; it looks like support.example.com.` };
  }
  if (url.username || url.password) return { ok: false, message: 'Leave your name and password out of the address; you sign in below.' };
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) return { ok: true, url: `${url.protocol}//${url.host}` };
  return { ok: false, message: 'Use the https:// address of your server (plain http works only for a server on this computer).' };
}

export function rememberedServerAddress(): string {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

export function rememberServerAddress(url: string): void {
  try {
    localStorage.setItem(STORAGE_KEY, url);
  } catch {
    // Private mode or storage full: the agent types it again next time, nothing else is lost.
  }
}
