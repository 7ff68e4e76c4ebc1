import { isAllowedOrigin } from '../http/allowed-origins';
import type http from 'node:http';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { Server, type Socket } from 'socket.io';
import { supervises, type Availability, type User } from '../../core/people/user';
import { BoardRequest, PresenceSetRequest } from '../../core/protocol/presence';
import { describeIssues } from '../../core/protocol/http-schemas';
import type { ClientToServerEvents, ServerToClientEvents, WireError } from '../../core/protocol/sync-messages';
import { LeaseRequest, PullRequest, PushRequest } from '../../core/protocol/sync-schemas';
import { tokenHash, type SessionStore } from '../auth/session-store';
import type { Logger } from '../logger';
import type { UsersRepository } from '../repositories/users-repository';
import { PresenceRegistry } from '../presence/presence-registry';
import { teamBoard } from '../presence/team-board';
import type { Db } from '../storage/query-builder';
import { claimClient } from './client-registry';
import { leaseNumbers } from './number-leases';
import { PokeSender } from './poke-sender';
import { rooms } from './poke-targets';
import type { PullService } from './pull-service';
import type { PushService } from './push-service';

interface SocketData {
  user: User;
  token: string;
  tokenHash: string;
  clientId: string;
}

type SyncSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type Ack = (response: { ok: false; error: WireError }) => void;

const KNOWN_EVENTS = new Set(['sync:push', 'sync:pull', 'numbers:lease', 'presence:set', 'board:get']);
/** Push batches are capped at 100 mutations of a few KiB; nothing legitimate comes near this. */
const MAX_MESSAGE_BYTES = 1_000_000;

export interface SocketGatewayDeps {
  readonly db: Db;
  readonly sessions: SessionStore;
  readonly users: UsersRepository;
  readonly push: PushService;
  readonly pull: PullService;
  readonly logger: Logger;
  readonly allowedOrigins: readonly string[];
  readonly now?: () => Date;
}

export class SocketGateway {
  readonly io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  private readonly eventLimiter = new RateLimiterMemory({ keyPrefix: 'socket-event', points: 60, duration: 1 });
  private sweepTimer: NodeJS.Timeout | undefined;
  private readonly pokes: PokeSender;
  /** Who is connected and what they chose; feeds routing and the supervisors' team board. */
  readonly presence: PresenceRegistry;

  constructor(
    httpServer: http.Server,
    private readonly deps: SocketGatewayDeps,
  ) {
    this.io = new Server(httpServer, {
      serveClient: false,
      maxHttpBufferSize: MAX_MESSAGE_BYTES,
      // Cross-site WebSocket hijacking: a browser page from another origin must not ride a user's token.
      allowRequest: (req, callback) => callback(null, this.originAllowed(req)),
      cors: { origin: (origin, cb) => cb(null, origin === undefined || this.isAllowedOrigin(origin, undefined)) },
    });
    this.pokes = new PokeSender(this.io, deps);
    this.presence = new PresenceRegistry(deps.db, (userId, availability) => void this.announcePresence(userId, availability));
    this.io.use((socket, next) => void this.authenticate(socket, next));
    this.io.on('connection', (socket) => this.attach(socket));
  }

  /** Everything up to `seq` is committed: the rooms that may see it are poked, with the changes where possible. */
  poke(seq: number): void {
    this.pokes.poke(seq);
  }

  async init(): Promise<void> {
    await this.presence.reset();
    await this.pokes.init();
  }

  /** The supervisors of the person's teams and admins hear of it; it is a hint to refresh their board. */
  private async announcePresence(userId: string, availability: Availability): Promise<void> {
    try {
      const teams = await this.deps.db.selectFrom('team_members').select('team_id').where('user_id', '=', userId).execute();
      this.io.to([rooms.admins, ...teams.map((t) => rooms.teamSupervisors(t.team_id))]).emit('presence:changed', { userId, availability, at: this.now().toISOString() });
    } catch (error) {
      this.deps.logger.warn({ error: error instanceof Error ? error.name : 'unknown' }, 'presence announcement failed');
    }
  }

  /**
   * Ends open sockets whose session expired or was revoked, whose account was disabled, or whose role
   * or teams changed (what they may see changed: they must resync). Runs every few seconds, so such a
   * change reaches open sockets without waiting for their next event.
   */
  async sweepSessions(): Promise<number> {
    let ended = 0;
    const sockets = [...this.io.sockets.sockets.values()];
    const users = new Map<string, User | null>();
    for (const socket of sockets) {
      const { user, token } = socket.data;
      if (!user) continue;
      const userId = await this.deps.sessions.resolve(token);
      if (!users.has(user.id)) users.set(user.id, await this.deps.users.findActiveById(user.id));
      const current = users.get(user.id) ?? null;
      const code = userId === null ? 'expired' : current === null ? 'disabled' : current.role !== user.role || current.teamIds.join() !== user.teamIds.join() ? 'role_changed' : null;
      if (!code) continue;
      socket.emit('session:ended', { code });
      socket.disconnect(true);
      ended++;
    }
    return ended;
  }

  startSessionSweep(intervalMs = 10_000): void {
    this.sweepTimer = setInterval(() => {
      this.sweepSessions().catch((error: unknown) => this.deps.logger.warn({ error: error instanceof Error ? error.name : 'unknown' }, 'session sweep failed'));
    }, intervalMs);
    this.sweepTimer.unref();
  }

  /** Ends every socket signed in with this token (logout) at once. */
  endSessionsWithToken(token: string, code: 'logged_out' | 'expired'): void {
    for (const socket of this.io.sockets.sockets.values()) {
      if (socket.data.token === token) {
        socket.emit('session:ended', { code });
        socket.disconnect(true);
      }
    }
  }

  close(): Promise<void> {
    this.pokes.close();
    clearInterval(this.sweepTimer);
    return new Promise((resolve) => void this.io.close(() => resolve()));
  }

  private originAllowed(req: http.IncomingMessage): boolean {
    const origin = req.headers.origin;
    // Non-browser clients send no Origin and cannot be driven by another site; they still need a token.
    return origin === undefined || this.isAllowedOrigin(origin, req.headers.host);
  }

  private isAllowedOrigin(origin: string, host: string | undefined): boolean {
    return isAllowedOrigin(origin, host, this.deps.allowedOrigins);
  }

  private async authenticate(socket: SyncSocket, next: (error?: Error) => void): Promise<void> {
    try {
      const auth = socket.handshake.auth as { token?: unknown; clientId?: unknown };
      const token = typeof auth.token === 'string' ? auth.token : '';
      const clientId = typeof auth.clientId === 'string' && /^[0-9a-f-]{36}$/i.test(auth.clientId) ? auth.clientId : '';
      const userId = token ? await this.deps.sessions.resolve(token) : null;
      const user = userId ? await this.deps.users.findActiveById(userId) : null;
      if (!user) return next(new Error('unauthenticated'));
      if (!clientId) return next(new Error('invalid_client_id'));
      if (!(await claimClient(this.deps.db, clientId, user.id, this.now()))) return next(new Error('client_not_yours'));
      socket.data = { user, token, tokenHash: tokenHash(token), clientId };
      next();
    } catch (error) {
      this.deps.logger.error({ error: error instanceof Error ? error.name : 'unknown' }, 'socket authentication failed');
      next(new Error('internal_error'));
    }
  }

  private attach(socket: SyncSocket): void {
    this.deps.logger.info({ event: 'socket_connected', userId: socket.data.user.id }, 'sync client connected');
    const { user } = socket.data;
    void socket.join([
      rooms.everyone,
      rooms.user(user.id),
      ...user.teamIds.map(rooms.team),
      ...(user.role === 'supervisor' ? [rooms.supervisors, ...user.teamIds.map(rooms.teamSupervisors)] : []),
      ...(user.role === 'admin' ? [rooms.admins] : []),
    ]);
    this.pokes.connected(socket.id);
    void this.presence.connected(user.id, socket.id).catch(() => undefined);
    socket.on('disconnect', () => {
      this.pokes.forget(socket.id);
      void this.presence.disconnected(user.id, socket.id).catch(() => undefined);
    });
    socket.onAny((event: string, ...args: unknown[]) => {
      if (KNOWN_EVENTS.has(event)) return;
      const ack = args.at(-1);
      if (typeof ack === 'function') (ack as Ack)({ ok: false, error: { code: 'invalid_request', message: `Unknown event "${String(event).slice(0, 40)}".` } });
    });
    socket.on('sync:push', (request, ack) =>
      this.handle(socket, ack, async (user) => {
        const parsed = PushRequest.safeParse(request);
        if (!parsed.success) return invalid(describeIssues(parsed.error));
        if (parsed.data.clientId !== socket.data.clientId) return notYourClient();
        return this.deps.push.push(user, parsed.data);
      }),
    );
    socket.on('sync:pull', (request, ack) =>
      this.handle(socket, ack, async (user) => {
        const parsed = PullRequest.safeParse(request);
        if (!parsed.success) return invalid(describeIssues(parsed.error));
        if (parsed.data.clientId !== socket.data.clientId) return notYourClient();
        return this.deps.pull.pull(user, parsed.data);
      }),
    );
    this.attachPresence(socket);
    socket.on('numbers:lease', (request, ack) =>
      this.handle(socket, ack, async () => {
        const parsed = LeaseRequest.safeParse(request);
        if (!parsed.success) return invalid(describeIssues(parsed.error));
        if (parsed.data.clientId !== socket.data.clientId) return notYourClient();
        return { ok: true as const, lease: await leaseNumbers(this.deps.db, socket.data.clientId, this.now()) };
      }),
    );
  }

  private attachPresence(socket: SyncSocket): void {
    socket.on('presence:set', (request, ack) =>
      this.handle(socket, ack, async (user) => {
        const parsed = PresenceSetRequest.safeParse(request);
        if (!parsed.success) return invalid(describeIssues(parsed.error));
        return { ok: true as const, availability: await this.presence.choose(user.id, parsed.data.availability) };
      }),
    );
    socket.on('board:get', (request, ack) =>
      this.handle(socket, ack, async (user) => {
        if (!supervises(user.role)) return { ok: false as const, error: { code: 'forbidden' as const, message: 'The team board is for supervisors and admins.' } };
        const parsed = BoardRequest.safeParse(request ?? {});
        if (!parsed.success) return invalid(describeIssues(parsed.error));
        const now = this.now();
        return { ok: true as const, at: now.toISOString(), agents: await teamBoard(this.deps.db, user, this.presence, now) };
      }),
    );
  }

  /**
   * Every event: an acknowledgement callback is required, the rate limit applies, and the session and
   * the user's role are checked again, so a logout or a role change takes effect on the next event.
   */
  private handle<R>(socket: SyncSocket, ack: unknown, work: (user: User) => Promise<R>): void {
    if (typeof ack !== 'function') return;
    const reply = ack as (response: R | { ok: false; error: WireError }) => void;
    void (async () => {
      try {
        await this.eventLimiter.consume(socket.id).catch(() => {
          throw new RateLimited();
        });
        const userId = await this.deps.sessions.resolve(socket.data.token);
        const user = userId ? await this.deps.users.findActiveById(userId) : null;
        if (!user) {
          reply({ ok: false, error: { code: 'unauthenticated', message: 'Your session has ended; sign in again.' } });
          socket.emit('session:ended', { code: userId ? 'disabled' : 'expired' });
          socket.disconnect(true);
          return;
        }
        if (user.role !== socket.data.user.role || user.teamIds.join() !== socket.data.user.teamIds.join()) {
          // What this user may see changed: their mirror must be rebuilt under the new rules.
          reply({ ok: false, error: { code: 'resync_required', message: 'Your role or teams changed; your tickets will be reloaded.' } });
          socket.emit('session:ended', { code: 'role_changed' });
          socket.disconnect(true);
          return;
        }
        reply(await work(user));
      } catch (error) {
        if (error instanceof RateLimited) {
          reply({ ok: false, error: { code: 'rate_limited', message: 'Too many requests; slow down.' } });
          return;
        }
        this.deps.logger.error({ userId: socket.data.user.id, error: error instanceof Error ? error.name : 'unknown' }, 'socket event failed');
        reply({ ok: false, error: { code: 'internal_error', message: 'The server could not complete this request.' } });
      }
    })();
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

class RateLimited extends Error {}

const invalid = (message: string) => ({ ok: false as const, error: { code: 'invalid_request' as const, message } });
const notYourClient = () => ({ ok: false as const, error: { code: 'client_not_yours' as const, message: 'The client id does not match this connection.' } });
