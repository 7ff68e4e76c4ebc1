import type { Server } from 'socket.io';
import type { User } from '../../core/people/user';
import type { ClientToServerEvents, ServerToClientEvents } from '../../core/protocol/sync-messages';
import type { SessionStore } from '../auth/session-store';
import type { Logger } from '../logger';
import type { UsersRepository } from '../repositories/users-repository';
import type { Db } from '../storage/query-builder';
import { pokeRooms } from './poke-targets';
import type { PullService } from './pull-service';

/** What the gateway keeps on each socket that a poke needs. */
export interface PokedSocketData {
  readonly user: User;
  readonly tokenHash: string;
}

type SyncServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, PokedSocketData>;

/** Commits closer together than this share one poke. */
const COALESCE_MS = 20;

export interface PokeSenderDeps {
  readonly db: Db;
  readonly pull: PullService;
  readonly users: UsersRepository;
  readonly sessions: SessionStore;
  readonly logger: Logger;
}

/**
 * Tells the clients that may see a commit about it, with the commit itself where it can: each user
 * reached gets the page a pull from the previous poke would have returned them, materialised once per
 * user and encoded once for all their sockets. With 200 clients of one agent, 199 pulls per change (each
 * one materialised and serialised on its own) were the fan-out's cost against a bare relay.
 *
 * The first commit after a quiet spell is poked at once; commits during a poke, or within 20 ms of the
 * last one, wait and share the next. Pokes go out one at a time, in order.
 *
 * Rows only go to a socket whose session is live and whose user is still enabled with the same role and
 * teams as when it connected, read fresh for each poke (two queries for everyone it reaches): the same
 * checks a pull makes. Any other socket gets the bare poke, and its pull gets the answer it must.
 */
export class PokeSender {
  private timer: NodeJS.Timeout | undefined;
  private sending = false;
  private pendingSeq = 0;
  private pokedSeq = 0;
  private lastSentAt = -Infinity;

  constructor(
    private readonly io: SyncServer,
    private readonly deps: PokeSenderDeps,
  ) {}

  /** Pokes cover changes after the log's current end, not the whole history; nobody is connected yet. */
  async init(): Promise<void> {
    const top = await this.deps.db.selectFrom('changes').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
    this.pokedSeq = Math.max(this.pokedSeq, Number(top?.seq ?? 0));
    await this.deps.pull.init();
  }

  /** Everything up to `seq` is committed. */
  poke(seq: number): void {
    this.pendingSeq = Math.max(this.pendingSeq, seq);
    if (!this.timer && !this.sending) this.schedule();
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    const wait = Math.max(0, this.lastSentAt + COALESCE_MS - performance.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.sendNext();
    }, wait);
  }

  private async sendNext(): Promise<void> {
    const upto = this.pendingSeq;
    const after = this.pokedSeq;
    if (upto <= after) return;
    this.sending = true;
    this.pokedSeq = upto;
    this.lastSentAt = performance.now();
    try {
      await this.send(after, upto);
    } catch (error) {
      // Pokes are hints first: on failure everyone pulls, which is correct, only slower.
      this.deps.logger.warn({ error: error instanceof Error ? error.name : 'unknown' }, 'poke failed; poking everyone');
      this.io.emit('sync:poke', { seq: upto });
    } finally {
      this.sending = false;
      if (this.pendingSeq > this.pokedSeq && !this.timer) this.schedule();
    }
  }

  private async send(after: number, upto: number): Promise<void> {
    const targets = [...(await pokeRooms(this.deps.db, after, upto))];
    const page = await this.deps.pull.pokePage(after, upto);
    if (!page) {
      this.io.to(targets).emit('sync:poke', { seq: upto });
      return;
    }
    const { trusted, bare } = await this.checkSockets(await this.io.in(targets).fetchSockets());
    if (bare.length > 0) this.io.to(bare).emit('sync:poke', { seq: upto });
    const cursor = page.changes.at(-1)!.seq;
    for (const { user, socketIds } of trusted.values()) {
      const changes = await this.deps.pull.changesFor(user, page);
      this.io.to(socketIds).emit('sync:poke', { seq: upto, page: { from: after, cursor, changes } });
    }
  }

  /** Sockets grouped by a user read fresh now, and the ids of those that get only the bare poke. */
  private async checkSockets(sockets: ReadonlyArray<{ id: string; data: PokedSocketData }>): Promise<{
    trusted: Map<string, { user: User; socketIds: string[] }>;
    bare: string[];
  }> {
    const users = await this.deps.users.findActiveByIds([...new Set(sockets.map((s) => s.data.user.id))]);
    const sessions = await this.deps.sessions.liveUsersByHash([...new Set(sockets.map((s) => s.data.tokenHash))]);
    const trusted = new Map<string, { user: User; socketIds: string[] }>();
    const bare: string[] = [];
    for (const socket of sockets) {
      const connectedAs = socket.data.user;
      const user = users.get(connectedAs.id);
      const same = user && sessions.get(socket.data.tokenHash) === user.id && user.role === connectedAs.role && user.teamIds.join() === connectedAs.teamIds.join();
      if (!same) {
        bare.push(socket.id);
        continue;
      }
      const group = trusted.get(user.id) ?? { user, socketIds: [] };
      group.socketIds.push(socket.id);
      trusted.set(user.id, group);
    }
    return { trusted, bare };
  }
}
