import { BootstrapShapeError, fromColumnsPage } from '../../core/protocol/bootstrap-columns';
import type { BootstrapPage } from '../../core/protocol/sync-messages';
import { OfflineError, SyncError, type SyncTransport } from './sync-transport';

/** What servers from before the 409 said, with a 400, of a position or snapshot they did not give out. */
const OLDER_SERVERS_POSITION_REFUSALS: readonly string[] = ['The bootstrap position is not one this server gave out.', 'The snapshot is ahead of the server.'];

/** The server's `{ error: { code, message } }`, or null for any other body (a proxy's page, nothing). */
async function refusalOf(response: Response): Promise<{ code: string; message: string } | null> {
  const body = (await response.json().catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | null;
  const error = body?.error;
  return typeof error?.code === 'string' && typeof error.message === 'string' ? { code: error.code, message: error.message } : null;
}

/**
 * Bootstrap pages over HTTP: large plain reads, so they stream and a proxy can cache them. Asked for as
 * columns (core/protocol/bootstrap-columns.ts); a server from before that shape refuses the unknown key
 * with a 400, and is then asked as it understands, for the rest of this transport (one sync run: the connection makes one per run).
 * A position the server did not give out (it was rolled back, or restored from a backup, since the
 * bootstrap began) is `resync_required`: a 409 saying so from this server; from an older one, a 400 saying
 * so in its words. Any other refusal (a proxy's, say) is only an error: it does not empty the mirror.
 */
export function bootstrapOverHttp(server: { baseUrl: string; token: string }, timeoutMs: number): SyncTransport['bootstrap'] {
  let columns = true;
  const fetchPage = async (request: Parameters<SyncTransport['bootstrap']>[0], shaped: boolean): Promise<Response> => {
    const query = new URLSearchParams(shaped ? { shape: 'columns' } : {});
    if (request.after) query.set('after', request.after);
    if (request.snapshot !== undefined) query.set('snapshot', String(request.snapshot));
    if (request.limit !== undefined) query.set('limit', String(request.limit));
    try {
      return await fetch(`${server.baseUrl}/api/sync/bootstrap?${query}`, {
        headers: { authorization: `Bearer ${server.token}` },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new OfflineError(error instanceof Error ? error.message : 'bootstrap failed');
    }
  };
  return async (request) => {
    let shaped = columns;
    let response = await fetchPage(request, shaped);
    if (response.status === 400 && shaped) {
      await response.body?.cancel().catch(() => undefined); // the refusal is not read: its connection is let go
      shaped = columns = false;
      response = await fetchPage(request, shaped);
    }
    if (!response.ok) {
      const refusal = await refusalOf(response);
      const startOver =
        (response.status === 409 && refusal?.code === 'resync_required') ||
        (response.status === 400 && refusal?.code === 'invalid_request' && OLDER_SERVERS_POSITION_REFUSALS.includes(refusal.message));
      if (startOver) throw new SyncError('resync_required', 'The server no longer knows where loading the tickets stopped: it starts over.');
      throw new SyncError(`http_${response.status}`, `Loading tickets failed (HTTP ${response.status}).`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      if (error instanceof SyntaxError) throw new SyncError('invalid_response', 'Loading tickets failed: the server sent a page that is not JSON.');
      // The body broke off (a dropped connection, the page's timeout): tried again on the next run.
      throw new OfflineError(error instanceof Error ? error.message : 'bootstrap page broke off');
    }
    if (!shaped) return body as BootstrapPage;
    try {
      return fromColumnsPage(body);
    } catch (error) {
      if (error instanceof BootstrapShapeError) throw new SyncError('invalid_response', `Loading tickets failed: ${error.message}`);
      throw error;
    }
  };
}
