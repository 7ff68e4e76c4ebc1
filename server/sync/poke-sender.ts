import type { Server } from 'socket.io';
import type { User } from '../../core/people/user';
import type { ClientToServerEvents, ServerToClientEvents } from '../../core/protocol/sync-messages';
import type { SessionStore } from '../auth/session-store';
import type { Logger } from '../logger';
import type { UsersRepository } from '../repositories/users-repository';
import type { Db } from '../storage/query-builder';
import { entryRooms, pageRooms, pokeRooms } from './poke-targets';
import type { PullService } from './pull-service';

/** What the gateway keeps on each socket that a poke needs. */
export interface PokedSocketData {
  readonly user: User;
  readonly tokenHash: string;
}

type SyncServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, PokedSocketData>;

interface TrustedGroup {
  readonly user: User;
  readonly socketIds: string[];
}

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
 * reached gets the page a pull would have returned them, materialised once per user and encoded once for
 * all their sockets, starting where the last page sent to that socket ended. With 200 clients of one agent, 199 pulls per change (each
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
  /**
   * Per socket: the sequence up to which it has been sent everything its user may see. A poke that does not
   * reach a socket leaves its entry as it is (poke targets are never narrower than visibility, so nothing in
   * that range was for it); a bare poke to it, or a failed poke, removes it. A page's `from` is this entry:
   * without it, a client would have to pull after every commit it was not poked for.
   */
  private readonly coveredTo = new Map<string, number>();

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

  /**
   * A socket joined its rooms. Every poke from here on reaches it if it may see the commit, so pages to it
   * can start at the log's poked end; not during a poke, whose sockets were read before this one joined.
   */
  connected(socketId: string): void {
    if (!this.sending) this.coveredTo.set(socketId, this.pokedSeq);
  }

  /** The socket closed. */
  forget(socketId: string): void {
    this.coveredTo.delete(socketId);
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    const wait = Math.max(0, this.lastSentAt + COALESCE_MS - performance.now());
    // A timer even when nothing is left to wait. Sent with setImmediate instead (a millisecond sooner), pokes
    // were no better for the fan-out and the capacity bench's acknowledgements looked slower, perhaps because
    // that millisecond let waiting pushes be read first (docs/performance.md, "Twenty-second session").
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
      this.coveredTo.clear();
      this.io.emit('sync:poke', { seq: upto });
    } finally {
      this.sending = false;
      if (this.pendingSeq > this.pokedSeq && !this.timer) this.schedule();
    }
  }

  private async send(after: number, upto: number): Promise<void> {
    const range = await this.deps.pull.pokeRange(after, upto);
    const page = range?.page ?? null;
    // The page in memory already holds the changes and their tickets: the targets need no query then. A
    // larger commit's changes are in memory too (most often), and only its tickets' scope is read.
    const targets = [...(page ? pageRooms(page) : range ? await entryRooms(this.deps.db, range.entries) : await pokeRooms(this.deps.db, after, upto))];
    const sockets = await this.io.in(targets).fetchSockets();
    const { trusted, bare } = page ? await this.checkSockets(sockets) : { trusted: new Map<string, TrustedGroup>(), bare: sockets.map((s) => s.id) };
    for (const id of bare) this.coveredTo.delete(id);
    if (bare.length > 0) this.io.to(bare).emit('sync:poke', { seq: upto });
    if (!page) return;
    const cursor = page.changes.at(-1)!.seq;
    for (const { user, socketIds } of trusted.values()) {
      const changes = await this.deps.pull.changesFor(user, page);
      // Sockets of one user that joined at different times may have been sent up to different points.
      const byFrom = new Map<number, string[]>();
      for (const id of socketIds) {
        const from = this.coveredTo.get(id) ?? after;
        const group = byFrom.get(from);
        if (group) group.push(id);
        else byFrom.set(from, [id]);
        if (this.io.sockets.sockets.has(id)) this.coveredTo.set(id, cursor);
      }
      for (const [from, ids] of byFrom) this.io.to(ids).emit('sync:poke', { seq: upto, page: { from, cursor, changes } });
    }
  }

  /** Sockets grouped by a user read fresh now, and the ids of those that get only the bare poke. */
  private async checkSockets(sockets: ReadonlyArray<{ id: string; data: PokedSocketData }>): Promise<{ trusted: Map<string, TrustedGroup>; bare: string[] }> {
    const users = await this.deps.users.findActiveByIds([...new Set(sockets.map((s) => s.data.user.id))]);
    const sessions = await this.deps.sessions.liveUsersByHash([...new Set(sockets.map((s) => s.data.tokenHash))]);
    const trusted = new Map<string, TrustedGroup>();
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
