import { io, type Socket } from 'socket.io-client';
import { newId } from '../../core/ids';
import type { ClientToServerEvents, LeaseResponse, PullResponse, PushResponse, ServerToClientEvents } from '../../core/protocol/sync-messages';
import type { MutationName } from '../../core/protocol/sync-schemas';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A bare protocol client for integration tests: a real socket.io-client connection that numbers its
 * mutations like the workstation does, without the Dexie mirror.
 */
export class SyncTestClient {
  nextMutationId = 1;
  cursor = 0;

  private constructor(
    readonly socket: TestSocket,
    readonly clientId: string,
  ) {}

  static async connect(url: string, token: string, options: { clientId?: string; origin?: string } = {}): Promise<SyncTestClient> {
    const clientId = options.clientId ?? newId();
    const socket: TestSocket = io(url, {
      auth: { token, clientId },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...(options.origin ? { extraHeaders: { origin: options.origin } } : {}),
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error) => reject(error));
    });
    return new SyncTestClient(socket, clientId);
  }

  push(mutations: Array<{ name: MutationName; args: unknown; id?: number }>): Promise<PushResponse> {
    const envelopes = mutations.map((m) => ({ id: m.id ?? this.nextMutationId++, name: m.name, args: m.args }));
    return this.socket.timeout(10_000).emitWithAck('sync:push', { clientId: this.clientId, mutations: envelopes });
  }

  raw(event: string, payload: unknown): Promise<unknown> {
    return (this.socket.timeout(10_000) as unknown as { emitWithAck: (e: string, p: unknown) => Promise<unknown> }).emitWithAck(event, payload);
  }

  async pull(limit?: number): Promise<PullResponse> {
    const response = await this.socket.timeout(10_000).emitWithAck('sync:pull', { clientId: this.clientId, cursor: this.cursor, ...(limit ? { limit } : {}) });
    if (response.ok) this.cursor = response.cursor;
    return response;
  }

  /** Pulls until the server says there is no more; a rate limit (60 events a second) is waited out, a few times. */
  async pullAll(): Promise<Extract<PullResponse, { ok: true }>['changes']> {
    const all = [];
    for (let page = 0, limited = 0; page < 100; page++) {
      const response = await this.pull();
      if (!response.ok && response.error.code === 'rate_limited' && limited++ < 5) {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        continue;
      }
      if (!response.ok) throw new Error(`pull failed: ${response.error.code} ${response.error.message}`);
      all.push(...response.changes);
      if (!response.more) break;
    }
    return all;
  }

  lease(): Promise<LeaseResponse> {
    return this.socket.timeout(10_000).emitWithAck('numbers:lease', { clientId: this.clientId });
  }

  close(): void {
    this.socket.close();
  }
}

export function ticketArgs(overrides: Record<string, unknown> = {}) {
  return {
    id: newId(),
    number: null,
    subject: 'Router drops connection every hour',
    description: 'Caller says the light goes red.',
    channel: 'phone',
    categoryId: 'technical',
    impact: 'medium',
    urgency: 'high',
    customerId: null,
    teamId: 'team-technical',
    assigneeId: null,
    tags: [],
    resolutionSummary: null,
    createdAt: new Date().toISOString(),
    ...overrides,
  };
}
