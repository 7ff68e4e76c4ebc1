import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../core/protocol/sync-messages';
import { bootstrapOverHttp } from './bootstrap-fetch';
import { OfflineError, type SyncTransport } from './sync-transport';

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
    bootstrap: bootstrapOverHttp(server, timeoutMs * 4),
  };
}
