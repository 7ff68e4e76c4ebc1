import type { Socket } from 'socket.io-client';
import { BootstrapShapeError, fromColumnsPage } from '../../core/protocol/bootstrap-columns';
import type { ClientToServerEvents, ServerToClientEvents } from '../../core/protocol/sync-messages';
import { OfflineError, SyncError, type SyncTransport } from './sync-transport';

export type SyncSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Sync over Socket.IO acknowledgements. Nothing is sent while disconnected (Socket.IO would buffer it
 * and replay it later, out of the engine's control); a missing ack is a timeout, never a hang.
 */
export function socketTransport(socket: SyncSocket, server: { baseUrl: string; token: string }, timeoutMs = 15_000): SyncTransport {
  const call = async <R>(send: () => Promise<R>): Promise<R> => {
    if (!socket.connected) throw new OfflineError('not connected');
    try {
      return await send();
    } catch (error) {
      throw new OfflineError(error instanceof Error ? error.message : 'no acknowledgement', socket.connected);
    }
  };
  return {
    push: (request) => call(() => socket.timeout(timeoutMs).emitWithAck('sync:push', request)),
    pull: (request) => call(() => socket.timeout(timeoutMs).emitWithAck('sync:pull', request)),
    lease: (request) => call(() => socket.timeout(timeoutMs).emitWithAck('numbers:lease', request)),
    // Bootstrap pages are large and plain reads: HTTP, so they stream and can be cached by a proxy.
    bootstrap: async (request) => {
      const query = new URLSearchParams({ shape: 'columns' });
      if (request.after) query.set('after', request.after);
      if (request.snapshot !== undefined) query.set('snapshot', String(request.snapshot));
      if (request.limit !== undefined) query.set('limit', String(request.limit));
      let response: Response;
      try {
        response = await fetch(`${server.baseUrl}/api/sync/bootstrap?${query}`, {
          headers: { authorization: `Bearer ${server.token}` },
          signal: AbortSignal.timeout(timeoutMs * 4),
        });
      } catch (error) {
        throw new OfflineError(error instanceof Error ? error.message : 'bootstrap failed');
      }
      if (!response.ok) throw new SyncError(`http_${response.status}`, `Loading tickets failed (HTTP ${response.status}).`);
      let body: unknown;
      try {
        body = await response.json();
      } catch (error) {
        if (error instanceof SyntaxError) throw new SyncError('invalid_response', 'Loading tickets failed: the server sent a page that is not JSON.');
        // The body broke off (a dropped connection, the page's timeout): tried again on the next run.
        throw new OfflineError(error instanceof Error ? error.message : 'bootstrap page broke off');
      }
      try {
        return fromColumnsPage(body);
      } catch (error) {
        if (error instanceof BootstrapShapeError) throw new SyncError('invalid_response', `Loading tickets failed: ${error.message}`);
        throw error;
      }
    },
  };
}
