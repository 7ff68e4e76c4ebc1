import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';
import { schemaVersion } from '../storage/migrations';
import { login, logout, me } from './auth-routes';
import { bootstrap } from './bootstrap-route';
import { sendError, sendJson } from './json-response';
import { BodyError } from './read-json-body';
import { answerCors } from './cors';
import { applySecurityHeaders } from './security-headers';
import type { HttpServices } from './services';
import { getTicket, listTickets } from './ticket-routes';
import { workspace } from './workspace-route';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

type Route = (req: IncomingMessage, res: ServerResponse, services: HttpServices, url: URL, param: string) => Promise<void> | void;

const health: Route = (_req, res, services) =>
  sendJson(res, 200, { status: 'ok', version: services.version, storage: 'sqlite', schemaVersion: schemaVersion(services.sqlite) });

/** The REST surface (documented in docs/http-api.md). Everything else is the web app. */
const ROUTES: ReadonlyArray<{ method: string; pattern: RegExp; route: Route }> = [
  { method: 'GET', pattern: /^\/api\/health$/, route: health },
  { method: 'POST', pattern: /^\/api\/auth\/login$/, route: (req, res, s) => login(req, res, s) },
  { method: 'POST', pattern: /^\/api\/auth\/logout$/, route: (req, res, s) => logout(req, res, s) },
  { method: 'GET', pattern: /^\/api\/auth\/me$/, route: (req, res, s) => me(req, res, s) },
  { method: 'GET', pattern: /^\/api\/workspace$/, route: (req, res, s) => workspace(req, res, s) },
  { method: 'GET', pattern: /^\/api\/sync\/bootstrap$/, route: (req, res, s, url) => bootstrap(req, res, s, url) },
  { method: 'GET', pattern: /^\/api\/tickets$/, route: (req, res, s, url) => listTickets(req, res, s, url) },
  { method: 'GET', pattern: /^\/api\/tickets\/([^/]{1,60})$/, route: (req, res, s, _url, param) => getTicket(req, res, s, param) },
];

/** The built app's files under /assets/, as paths, read once at startup as sirv reads them. */
function builtAssets(webRoot: string): ReadonlySet<string> {
  const dir = path.join(webRoot, 'assets');
  if (!fs.existsSync(dir)) return new Set();
  return new Set(
    fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => `/assets/${path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')}`),
  );
}

/**
 * The build names its scripts and styles by their content's hash, so a browser may keep them for good and a
 * reload asks the server only for index.html (before, every reload waited for the bundle's revalidation).
 * Source maps are named after their script, not their own content, and index.html is the way to the new
 * names: both are revalidated on every load.
 */
function cachePolicy(pathname: string, assets: ReadonlySet<string>): string {
  return assets.has(pathname) && !pathname.endsWith('.map') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

export function createHttpApp(services: HttpServices): RequestHandler {
  const { webRoot, logger } = services;
  const hasWebApp = fs.existsSync(webRoot);
  if (!hasWebApp) logger.warn({ webRoot }, 'web app not built; only /api is served (run npm run build)');
  // `single` serves index.html for client-side routes.
  const serveWebApp = hasWebApp ? sirv(webRoot, { single: true, etag: true }) : undefined;
  const assets = hasWebApp ? builtAssets(webRoot) : new Set<string>();

  return (req, res) => {
    applySecurityHeaders(res);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      sendError(res, 400, 'invalid_request', 'The request URL is malformed.');
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (answerCors(req, res, services.allowedOrigins)) return;
      void handleApi(req, res, url, services);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(res, 405, 'method_not_allowed', 'The web app is read-only over HTTP.');
      return;
    }
    if (!serveWebApp) {
      sendError(res, 503, 'web_app_missing', 'The web app has not been built on this server; run npm run build.');
      return;
    }
    // Not a built file: answered here, or sirv would send index.html for a path without an extension.
    if (url.pathname.startsWith('/assets/') && !assets.has(url.pathname)) {
      sendError(res, 404, 'not_found', 'Not found.');
      return;
    }
    // Set before sirv answers, so a 304 carries it too (sirv's own hook runs only for a 200).
    res.setHeader('Cache-Control', cachePolicy(url.pathname, assets));
    serveWebApp(req, res, () => sendError(res, 404, 'not_found', 'Not found.'));
  };
}

async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, services: HttpServices): Promise<void> {
  const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
  const matches = ROUTES.map((r) => ({ ...r, match: r.pattern.exec(url.pathname) })).filter((r) => r.match);
  const found = matches.find((r) => r.method === method);
  if (!found) {
    if (matches.length > 0) sendError(res, 405, 'method_not_allowed', `${method} is not allowed on ${url.pathname}.`);
    else sendError(res, 404, 'not_found', `No API route ${method} ${url.pathname}.`);
    return;
  }
  try {
    await found.route(req, res, services, url, found.match?.[1] ?? '');
  } catch (error) {
    if (res.headersSent) {
      res.destroy();
    } else if (error instanceof BodyError) {
      sendError(res, error.status, error.code, error.message);
    } else {
      // Logged by route and error class only: request bodies may hold customer data.
      services.logger.error({ route: url.pathname, error: error instanceof Error ? error.name : 'unknown' }, 'request failed');
      sendError(res, 500, 'internal_error', 'The server could not complete this request; nothing was changed.');
    }
  }
}
