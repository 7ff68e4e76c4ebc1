import type { BootstrapPage, LeaseResponse, PullResponse, PushResponse } from '../../core/protocol/sync-messages';
import type { PullRequest, PushRequest } from '../../core/protocol/sync-schemas';

/** How the engine reaches the server; Socket.IO in the app, anything with the same acks in tests. */
export interface SyncTransport {
  push(request: PushRequest): Promise<PushResponse>;
  pull(request: PullRequest): Promise<PullResponse>;
  lease(request: { clientId: string }): Promise<LeaseResponse>;
  bootstrap(request: { after?: string; snapshot?: number; limit?: number }): Promise<BootstrapPage>;
}

/** The transport could not reach the server: the engine stops and retries on the next connect or poke. */
export class OfflineError extends Error {
  override readonly name = 'OfflineError';

  constructor(
    message: string,
    /**
     * True when the connection looked open but no answer came in time: a dead route (a black-holed network,
     * a sleeping laptop's Wi-Fi) that the socket's own heartbeat would only notice after about 45 s.
     */
    readonly unanswered = false,
  ) {
    super(message);
  }
}

/** The server answered with an error the engine cannot get past by retrying at once. */
export class SyncError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
