import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAllowedOrigin } from './allowed-origins';

/**
 * Cross-origin access to /api for the desktop app, which is served from app://switchboard and talks to a
 * server the agent names at sign-in. Tokens travel in the Authorization header, never in cookies, so no
 * credentials mode is granted. Returns true when it answered the request itself (a preflight).
 */
export function answerCors(req: IncomingMessage, res: ServerResponse, configured: readonly string[]): boolean {
  const origin = req.headers.origin;
  const preflight = req.method === 'OPTIONS';
  if (origin === undefined) {
    if (preflight) refusePreflight(res);
    return preflight;
  }
  if (!isAllowedOrigin(origin, req.headers.host, configured)) {
    if (preflight) refusePreflight(res);
    return preflight;
  }
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Vary', 'Origin');
  if (!preflight) return false;
  res.writeHead(204, {
    'Access-Control-Allow-Methods': 'GET, POST',
    'Access-Control-Allow-Headers': 'authorization, content-type',
    'Access-Control-Max-Age': '600',
  });
  res.end();
  return true;
}

function refusePreflight(res: ServerResponse): void {
  res.writeHead(403, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code: 'origin_refused', message: 'This origin may not call the Switchboard API.' } }));
}
