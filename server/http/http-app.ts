import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';
import type { Logger } from '../logger';
import type { SqliteDatabase } from '../storage/database';
import { schemaVersion } from '../storage/migrations';
import { sendError, sendJson } from './json-response';
import { applySecurityHeaders } from './security-headers';

export interface HttpAppDeps {
  readonly db: SqliteDatabase;
  readonly webRoot: string;
  readonly version: string;
  readonly logger: Logger;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Routes the small REST surface under /api and serves the web app everywhere else. */
export function createHttpApp({ db, webRoot, version, logger }: HttpAppDeps): RequestHandler {
  const hasWebApp = fs.existsSync(webRoot);
  if (!hasWebApp) logger.warn({ webRoot }, 'web app not built; only /api is served (run npm run build)');
  // `single` serves index.html for client-side routes; hashed assets may be cached for a long time.
  const serveWebApp = hasWebApp ? sirv(webRoot, { single: true, etag: true, gzip: false, brotli: false }) : undefined;

  return (req, res) => {
    applySecurityHeaders(res);
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/')) {
      if (url.pathname === '/api/health' && (req.method === 'GET' || req.method === 'HEAD')) {
        sendJson(res, 200, { status: 'ok', version, storage: 'sqlite', schemaVersion: schemaVersion(db) });
        return;
      }
      sendError(res, 404, 'not_found', `No API route ${req.method ?? 'GET'} ${url.pathname}.`);
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
    serveWebApp(req, res, () => sendError(res, 404, 'not_found', 'Not found.'));
  };
}
