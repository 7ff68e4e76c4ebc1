import Dexie, { type DBCore, type DexieOptions, type EntityTable, type Middleware } from 'dexie';
import { ticketSearchFeed, ticketSearchIndex } from '../search/ticket-search-index';
import type { MirrorTicket } from '../queues/queue-fields';
import { queueFeed } from '../queues/queue-feed';
import { queueIndex } from '../queues/queue-index';
import { customerPhoneFields, type MirrorCustomer } from '../calls/phone-index';
import { customerSortName, customerWords } from '../customers/customer-directory';
import type { Call } from '../../core/call/call';
import type { FieldConflict, NumberLease, SyncedCustomer, WireError } from '../../core/protocol/sync-messages';
import type { MutationName } from '../../core/protocol/sync-schemas';
import type { Comment } from '../../core/ticket/comment';
import type { TicketEvent } from '../../core/ticket/ticket-event';

/** One change the agent made, waiting to be pushed and then confirmed by the pull stream. */
export interface OutboxEntry {
  /** This client's mutation id: 1, 2, 3 … */
  readonly id: number;
  readonly name: MutationName;
  readonly args: unknown;
  readonly createdAt: string;
  /** Set when the server acknowledged it; the entry leaves the outbox once the cursor reaches `changeSeq`. */
  readonly acknowledged?: { readonly status: 'applied' | 'rejected'; readonly changeSeq: number };
}

/** What the agent must hear about: a change the server refused, or a field another agent's later edit kept. */
export interface ConflictRecord {
  readonly id?: number;
  readonly mutationId: number;
  readonly name: MutationName;
  readonly args: unknown;
  readonly at: string;
  readonly error?: WireError;
  readonly conflicts?: readonly FieldConflict[];
  readonly seen: boolean;
}

export type MirrorEntity = 'ticket' | 'comment' | 'call' | 'customer' | 'event';

/**
 * The history a bootstrap brought of one ticket, in one record (the server sends each ticket's events
 * together). Events pulled or made here later go to `events`; a ticket's history is both, merged by id
 * (renderer/tickets/ticket-history.ts).
 */
export interface TicketTimeline {
  readonly ticketId: string;
  readonly events: readonly TicketEvent[];
}

/**
 * The server's last known version of a row that pending local changes touch (null: the server does not
 * have it). The screen shows base + pending changes; when none are pending the base is put back, so a
 * change the server refused or overrode disappears from view instead of lingering.
 */
export interface BaseRow {
  readonly key: string;
  readonly entity: MirrorEntity;
  readonly id: string;
  readonly row: unknown;
}

/** Small named values: the sync cursor, the next mutation id, the client id, the number lease. */
export interface MetaRow {
  readonly key: string;
  readonly value: unknown;
}

export interface SyncMeta {
  clientId: string;
  nextMutationId: number;
  cursor: number;
  lease: (NumberLease & { next: number }) | null;
  /** The mirror's bootstrap has stored its last page (a mirror not yet filled can fill before the socket connects). */
  filled: boolean;
}

export type MirrorDb = Dexie & {
  tickets: EntityTable<MirrorTicket, 'id'>;
  comments: EntityTable<Comment, 'id'>;
  calls: EntityTable<Call, 'id'>;
  customers: EntityTable<MirrorCustomer, 'id'>;
  events: EntityTable<TicketEvent, 'id'>;
  timelines: EntityTable<TicketTimeline, 'ticketId'>;
  outbox: EntityTable<OutboxEntry, 'id'>;
  conflicts: EntityTable<ConflictRecord, 'id'>;
  meta: EntityTable<MetaRow, 'key'>;
  bases: EntityTable<BaseRow, 'key'>;
  /** Saved state of in-memory indexes (the queues' snapshot), so a reload need not rebuild them from every row. */
  snapshots: EntityTable<MetaRow, 'key'>;
};

/**
 * The local mirror: every ticket the agent may see, plus the outbox. `strict` durability because Chrome's
 * default (relaxed) can lose the last seconds of writes on power loss, and the UI says "saved" when the
 * transaction completes. Options let tests hand in fake-indexeddb.
 */
/** Fields derived from a row only so IndexedDB can serve caller lookup and the customer directory from indexes. */
const DERIVED_FIELDS: Readonly<Record<string, (row: never) => object>> = {
  customers: (c: SyncedCustomer) => ({ ...customerPhoneFields(c), qName: customerSortName(c), qWords: customerWords(c) }),
};

/**
 * Every row written, whatever the path (pull, bootstrap, optimistic change, rebase), gets its derived
 * fields here, so no writer can forget them.
 */
const derivedFieldsMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'derived-fields',
  create: (down) => ({
    ...down,
    table: (name) => {
      const table = down.table(name);
      const derive = DERIVED_FIELDS[name];
      if (!derive) return table;
      return {
        ...table,
        mutate: (request) =>
          request.type === 'add' || request.type === 'put'
            ? table.mutate({ ...request, values: request.values.map((row: object) => ({ ...row, ...derive(row as never) })) })
            : table.mutate(request),
      };
    },
  }),
};

export function openMirrorDb(name: string, options: DexieOptions = {}): MirrorDb {
  const db = new Dexie(name, { chromeTransactionDurability: 'strict', ...options }) as MirrorDb;
  db.use(derivedFieldsMiddleware);
  db.use(ticketSearchFeed(() => ticketSearchIndex(db)));
  db.use(queueFeed(() => queueIndex(db)));
  // Declared are only the versions with an upgrade and the latest: since Dexie 3 a mirror stored at a version
  // not declared is upgraded from the stores IndexedDB reports, and Dexie rebuilt its whole schema on each
  // `stores()` call (eight versions were about 10 ms of every page load, docs/performance.md). What each
  // schema changed, in order: 1, the first release; 2, ticket words indexed for search; 3, the SLA fields and
  // the filter and sort indexes (issue 4), customers indexed by name and words, with an upgrade; 4, ticket
  // words back out of IndexedDB (renderer/search: the multi-entry index was 12 % of a bootstrap's puts); 5,
  // the escalations queue's field, with an upgrade; 6, one index fewer for the "Last updated" sort; 7, the
  // queues read from memory (renderer/queues/queue-index.ts), a ticket keeping only the indexes a caller's
  // number, a customer's history and a reload's catch-up read, and the queues' snapshots; 8, a ticket's
  // bootstrap history kept as one record (a put per event was most of a bootstrap's IndexedDB time). Stored
  // rows keep derived fields of earlier schemas until next written; nothing reads them.
  db.version(3)
    .stores({
      tickets:
        'id, number, customerId, updatedAt, status, categoryId, channel, *qWords, [qAssignee+qOpen+qDue], [qTeam+qOpen+qDue], [qOpen+qDue], [qEscalated+qOpen+qDue], [qOpen+updatedAt], [qOpen+qAtRisk+qDue], [qPriority+qDue]',
      comments: 'id, ticketId',
      calls: 'id, ticketId, customerId',
      customers: 'id, qName, *qWords, *phones, *qPhoneNational, *qPhoneReversed',
      events: 'id, ticketId',
      outbox: 'id',
      conflicts: '++id, mutationId, seen',
      meta: 'key',
      bases: 'key',
    })
    // Rows stored by an older version get their new derived fields (the middleware adds them on put).
    .upgrade(async (tx) => {
      for (const name of ['tickets', 'customers']) await tx.table(name).bulkPut(await tx.table(name).toArray());
    });
  db.version(5)
    .stores({
      tickets:
        'id, number, customerId, updatedAt, status, categoryId, channel, qEscalation, [qAssignee+qOpen+qDue], [qTeam+qOpen+qDue], [qOpen+qDue], [qOpen+updatedAt], [qOpen+qAtRisk+qDue], [qPriority+qDue]',
    })
    .upgrade(async (tx) => {
      const tickets = tx.table('tickets');
      await tickets.bulkPut(await tickets.filter((t: MirrorTicket) => t.escalationLevel > 0).toArray());
    });
  db.version(8).stores({
    tickets: 'id, number, customerId, wseq',
    comments: 'id, ticketId',
    calls: 'id, ticketId, customerId',
    customers: 'id, qName, *qWords, *phones, *qPhoneNational, *qPhoneReversed',
    events: 'id, ticketId',
    timelines: 'ticketId',
    outbox: 'id',
    conflicts: '++id, mutationId, seen',
    meta: 'key',
    bases: 'key',
    snapshots: 'key',
  });
  return db;
}

export const SYNC_TABLES = ['tickets', 'comments', 'calls', 'customers', 'events', 'timelines', 'outbox', 'conflicts', 'meta', 'bases'] as const;
export const MIRROR_TABLES = ['tickets', 'comments', 'calls', 'customers', 'events', 'timelines'] as const;

export const TABLE_OF: Readonly<Record<MirrorEntity, (typeof MIRROR_TABLES)[number]>> = {
  ticket: 'tickets',
  comment: 'comments',
  call: 'calls',
  customer: 'customers',
  event: 'events',
};

export const baseKey = (entity: MirrorEntity, id: string): string => `${entity}:${id}`;
