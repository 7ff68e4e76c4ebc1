import type { DBCore, Middleware } from 'dexie';
import { ticketSearchWords, type MirrorTicket } from '../queues/queue-fields';
import type { MirrorDb } from '../sync/mirror-db';
import { DONE_STATUSES } from '../../core/ticket/status';
import { TicketWordIndex, type TicketRank } from './ticket-word-index';

/**
 * Rows read per step while the index is first built: small enough to leave the UI its frames. Reading
 * 2,000 rows was one 20-40 ms task of the page's main thread each; scrolling All open 4 s after a reload
 * at 100,000 tickets dropped 34-35 frames of 600 with them, 8 and 26 with 500, and the index was ready as
 * soon (docs/performance.md).
 */
const LOAD_CHUNK = 500;
/** Words added by committed writes that are sorted in at once rather than by the next search. */
const SORT_WORDS_FROM = 1_000;
/** Search results re-run at most this often while many tickets change (a bootstrap, a big pull). */
const NOTIFY_INTERVAL_MS = 500;

/**
 * The in-memory word index of one mirror, kept current by a middleware that sees every committed write
 * to the tickets table, and built once from the stored rows in the background. It is the only word
 * index: IndexedDB's multi-entry one slowed every bootstrap write (docs/performance.md).
 */
export class TicketSearchIndex {
  private index = new TicketWordIndex();
  private state: 'empty' | 'loading' | 'ready' = 'empty';
  private loading: Promise<void> | null = null;
  /** A search is waiting: the build skips (or ends) its start delay. */
  private hurried = false;
  private startNow: (() => void) | null = null;
  /** Tickets written while the load runs: the load's older copy of them must not win. */
  private readonly writtenDuringLoad = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private notifyTimer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  /** Bumped (at most every NOTIFY_INTERVAL_MS) when the matches may have changed. */
  version = 0;

  get words(): TicketWordIndex {
    return this.index;
  }

  get ready(): boolean {
    return this.state === 'ready';
  }

  /**
   * Builds the index unless it is built or being built, and settles when it is ready. An empty mirror
   * is ready at once: every row that arrives from now on passes the feed. A full one is read in chunks
   * after `delayMs` (so a reload paints the queue first), or at once when a search asks (delay 0).
   */
  warm(db: MirrorDb, delayMs = 0): Promise<void> {
    if (!this.loading) {
      this.state = 'loading';
      const generation = this.generation;
      this.loading = this.load(db, generation, delayMs).catch((error: unknown) => {
        // A closed or deleted mirror: the next warm() tries again.
        if (generation === this.generation) {
          this.state = 'empty';
          this.loading = null;
          // A search showing numbers and customers only runs again, and tries the build again.
          this.changed();
        }
        throw error;
      });
    }
    if (delayMs === 0) {
      this.hurried = true;
      this.startNow?.();
    }
    return this.loading;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies committed writes (called by the middleware once their transaction completes). */
  applied(puts: readonly MirrorTicket[], deletes: readonly string[]): void {
    for (const ticket of puts) {
      this.words.set(ticket.id, ticketSearchWords(ticket), searchRank(ticket));
      if (this.state === 'loading') this.writtenDuringLoad.add(ticket.id);
    }
    for (const id of deletes) {
      this.words.remove(id);
      if (this.state === 'loading') this.writtenDuringLoad.add(id);
    }
    // Many new words (a bootstrap page) are sorted in now; a few (a new ticket's number) wait for a search.
    if (this.words.unsortedWords >= SORT_WORDS_FROM) this.words.sortNewWords();
    this.changed();
  }

  /** The table was cleared or range-deleted: start over from the stored rows on the next warm(). */
  reset(): void {
    this.generation++;
    this.state = 'empty';
    this.loading = null;
    this.hurried = false;
    this.startNow?.();
    this.writtenDuringLoad.clear();
    this.index = new TicketWordIndex();
    this.changed();
  }

  private async load(db: MirrorDb, generation: number, delayMs: number): Promise<void> {
    const stored = await db.tickets.limit(1).primaryKeys();
    if (stored.length > 0) {
      if (delayMs > 0 && !this.hurried) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delayMs);
          this.startNow = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.startNow = null;
      }
      if (generation !== this.generation) return;
      for (let after: string | undefined, more = true; more; ) {
        const rows = await (after === undefined ? db.tickets.orderBy(':id') : db.tickets.where(':id').above(after)).limit(LOAD_CHUNK).toArray();
        if (generation !== this.generation) return;
        for (const row of rows) if (!this.writtenDuringLoad.has(row.id)) this.words.set(row.id, ticketSearchWords(row), searchRank(row));
        this.words.sortNewWords();
        more = rows.length === LOAD_CHUNK;
        after = rows[rows.length - 1]?.id;
        if (more) await sleep(0);
      }
    }
    if (generation !== this.generation) return;
    this.state = 'ready';
    this.writtenDuringLoad.clear();
    this.changed();
  }

  private changed(): void {
    if (this.notifyTimer !== undefined) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      this.version++;
      for (const listener of this.listeners) listener();
    }, NOTIFY_INTERVAL_MS);
  }
}

/** How search results are ordered: open tickets first, then the most recently updated. */
export const searchRank = (ticket: MirrorTicket): TicketRank => ({ open: !DONE_STATUSES.has(ticket.status), updatedAt: ticket.updatedAt });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const indexes = new WeakMap<object, TicketSearchIndex>();

/** The search index of a mirror opened by openMirrorDb. */
export function ticketSearchIndex(db: MirrorDb): TicketSearchIndex {
  let index = indexes.get(db);
  if (!index) {
    index = new TicketSearchIndex();
    indexes.set(db, index);
  }
  return index;
}

/**
 * Feeds the index from every write to the tickets table, whatever the path (pull, bootstrap,
 * optimistic change, rebase), once its transaction has committed: an aborted write never shows up in
 * search.
 */
export function ticketSearchFeed(index: () => TicketSearchIndex): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'ticket-search-feed',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (name !== 'tickets') return table;
        return {
          ...table,
          mutate: async (request) => {
            const response = await table.mutate(request);
            const afterCommit = (run: () => void) => {
              const trans = request.trans as unknown as Partial<IDBTransaction>;
              if (typeof trans.addEventListener === 'function') trans.addEventListener('complete', run, { once: true });
              else run();
            };
            if (request.type === 'add' || request.type === 'put') {
              const rows = (request.values as MirrorTicket[]).filter((_, i) => !response.failures[i]);
              afterCommit(() => index().applied(rows, []));
            } else if (request.type === 'delete') {
              const keys = request.keys as string[];
              afterCommit(() => index().applied([], keys));
            } else {
              // A clear: the mirror removes tickets by key or clears the table, never a range of them.
              afterCommit(() => index().reset());
            }
            return response;
          },
        };
      },
    }),
  };
}
