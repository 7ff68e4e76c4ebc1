import path from 'node:path';

/**
 * The renderer is served to the desktop window from `app://switchboard/`, not from file:// or the
 * server: a secure custom scheme gives IndexedDB (the mirror) one stable origin whatever server the
 * agent signs in to, and lets the shell set the CSP itself.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'switchboard';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * The desktop renderer may talk to any HTTPS server and to a server on this machine; plain HTTP to
 * another machine would carry the agent's token in clear text, so it is not allowed.
 */
export const DESKTOP_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // MUI (emotion) injects <style> elements at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  'connect-src https: wss: http://127.0.0.1:* ws://127.0.0.1:* http://localhost:* ws://localhost:*',
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

export type AppAsset =
  | { readonly ok: true; readonly file: string; readonly contentType: string; readonly headers: Readonly<Record<string, string>> }
  | { readonly ok: false; readonly status: 400 | 404 };

const HEADERS = { 'Content-Security-Policy': DESKTOP_CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' };

/**
 * Maps a request on the app scheme to a file of the built renderer under `root`. A path without a file
 * extension is a screen of the single-page app and gets index.html. Anything that could leave `root`
 * (dot segments, encoded or not, backslashes, NUL) or names another host is refused.
 */
export function resolveAppAsset(root: string, requestUrl: string): AppAsset {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { ok: false, status: 404 };
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  const segments = pathname.split('/').filter(Boolean);
  if (segments.some((s) => s === '..' || s === '.' || s.includes('\\') || s.includes('\0'))) return { ok: false, status: 400 };
  const relative = segments.length === 0 || !path.extname(segments[segments.length - 1]!) ? 'index.html' : segments.join('/');
  const file = path.resolve(root, relative);
  const inside = path.relative(path.resolve(root), file);
  if (inside.startsWith('..') || path.isAbsolute(inside)) return { ok: false, status: 400 };
  const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()];
  if (!contentType) return { ok: false, status: 404 };
  return { ok: true, file, contentType, headers: HEADERS };
}
