import type { Selectable } from 'kysely';
import type { User } from '../../core/people/user';
import { canSeeTicket, type TicketScope } from '../../core/people/visibility';
import type { Change, MutationOutcome, PullResponse } from '../../core/protocol/sync-messages';
import { MAX_PULL_OUTCOMES, type PullRequest } from '../../core/protocol/sync-schemas';
import { prepareQuery } from '../storage/prepared-query';
import type { Db } from '../storage/query-builder';
import type { ChangesTable, TicketsTable } from '../storage/schema';
import { ChangeLogTail, type PageRows } from './change-log-tail';
import { lastMutationId } from './client-registry';
import { toCall, toComment, toSyncedCustomer, toSyncedTicket, toTicketEvent } from './row-mappers';
import type { WrittenRows } from './mutators/change-writer';

export const DEFAULT_PULL_LIMIT = 500;

const outcomesFrom = prepareQuery((db, p: { clientId: string; from: number; limit: number }) =>
  db.selectFrom('mutation_outcomes').select('outcome').where('client_id', '=', p.clientId).where('mutation_id', '>=', p.from).orderBy('mutation_id').limit(p.limit),
);
/** A poke carries at most this many changes; a larger burst is pulled in pages. */
const POKE_PAGE_LIMIT = 200;
/** The lowest change sequence still in the log; older cursors must bootstrap again. */
export const RETAINED_FROM_KEY = 'retained_from_seq';

const scopeOf = (row: Selectable<TicketsTable>): TicketScope => ({
  teamId: row.team_id,
  assigneeId: row.assignee_id,
  escalationLevel: row.escalation_level,
});

/** A page read for one client serves the others asking for the same range until the log moves, at most this long. */
const PAGE_REUSE_MS = 1_000;
const PAGES_KEPT = 64;

interface KeptPage {
  readonly at: number;
  readonly rows: Promise<PageRows>;
}

/**
 * Serves the change log after a client's cursor, as the rows the user may see now. Changes are sent
 * as current rows (several changes to one ticket collapse to its latest state, carrying its version),
 * tickets that left the user's view are sent as drops, and a ticket that entered it brings its
 * comments, calls and history along.
 *
 * Recent cursors (nearly all) are served from the change log kept in memory (`ChangeLogTail`), filtered
 * per user (visibility is the only per-user part). Older ones read SQLite; clients catching up over the
 * same range share one read of each page until the next commit (`committed`) retires it.
 */
export class PullService {
  private readonly pages = new Map<string, KeptPage>();
  private readonly tail: ChangeLogTail;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.tail = new ChangeLogTail(db);
  }

  /** Before anyone connects: the memory of the log starts at its end, so the first poke can carry its commit. */
  async init(): Promise<void> {
    await this.tail.page(Number.MAX_SAFE_INTEGER, 0);
  }

  /** Something was committed: pages read before it may be missing it. What it wrote, when known, joins the tail as read. */
  committed(written?: WrittenRows): void {
    this.pages.clear();
    if (written) this.tail.adopt(written);
  }

  /** The socket gateway has already bound the client id to this user at the handshake and checks it on every event. */
  async pull(user: User, request: PullRequest): Promise<PullResponse> {
    const retainedFrom = await this.retainedFrom();
    if (request.cursor < retainedFrom - 1) {
      return { ok: false, error: { code: 'resync_required', message: 'This copy is older than the server keeps changes for; it will be reloaded (unsent changes are kept).' } };
    }
    const limit = request.limit ?? DEFAULT_PULL_LIMIT;
    const page = await this.page(request.cursor, limit);
    const cursor = page.changes.at(-1)?.seq ?? request.cursor;
    const out = await this.materialise(user, page);
    // After the rows, counter first, then answers: every mutation whose effect the rows may hold was
    // applied before the counter was read, so its answer is among those read after it.
    const last = await lastMutationId(this.db, request.clientId);
    if (request.pendingFrom === undefined || request.pendingFrom > last) return { ok: true, changes: out, cursor, more: page.more, lastMutationId: last };
    const outcomes = await this.outcomesFrom(request.clientId, request.pendingFrom);
    return { ok: true, changes: out, cursor, more: page.more, lastMutationId: last, outcomes };
  }

  private async outcomesFrom(clientId: string, from: number): Promise<MutationOutcome[]> {
    const rows = await outcomesFrom.execute(this.db, { clientId, from, limit: MAX_PULL_OUTCOMES });
    return rows.map((row) => JSON.parse(row.outcome) as MutationOutcome);
  }

  /**
   * What a poke for the changes committed after `after` up to `upto` works from, when the in-memory tail
   * holds them all (else null: its rooms are found in SQLite). The page to carry when they are few enough
   * (else null: the poke goes out bare and its clients pull), and the change-log entries either way. A larger
   * commit's page rows are not read: they would be read for nothing (a fifth of a large poke's reads in the
   * push bench).
   */
  async pokeRange(after: number, upto: number): Promise<{ readonly entries: ReadonlyArray<Selectable<ChangesTable>>; readonly page: PageRows | null } | null> {
    const entries = await this.tail.entriesAfter(after, upto);
    if (entries === null) return null;
    if (entries.length === 0 || entries.length > POKE_PAGE_LIMIT) return { entries, page: null };
    const page = await this.tail.page(after, POKE_PAGE_LIMIT, upto);
    return { entries, page: page && !page.more && page.changes.length > 0 ? page : null };
  }

  /** A page as this user may see it: what a pull of the same range would return. */
  changesFor(user: User, page: PageRows): Promise<Change[]> {
    return this.materialise(user, page);
  }

  /** From the in-memory tail of the log when the cursor is recent (nearly always), else from SQLite. */
  private async page(cursor: number, limit: number): Promise<PageRows> {
    return (await this.tail.page(cursor, limit)) ?? (await this.storedPage(cursor, limit));
  }

  private storedPage(cursor: number, limit: number): Promise<PageRows> {
    const key = `${cursor}:${limit}`;
    const kept = this.pages.get(key);
    if (kept && performance.now() - kept.at < PAGE_REUSE_MS) return kept.rows;
    if (this.pages.size >= PAGES_KEPT) this.pages.clear();
    const rows = this.readPage(cursor, limit);
    this.pages.set(key, { at: performance.now(), rows });
    rows.catch(() => this.pages.delete(key));
    return rows;
  }

  /** One read transaction: the page and the rows it refers to come from the same snapshot. */
  private readPage(cursor: number, limit: number): Promise<PageRows> {
    return this.db.transaction().execute(async (trx) => {
      const read = await trx.selectFrom('changes').selectAll().where('seq', '>', cursor).orderBy('seq').limit(limit + 1).execute();
      const more = read.length > limit;
      const changes = more ? read.slice(0, limit) : read;
      const idsOf = (entity: ChangesTable['entity']) => [...new Set(changes.filter((c) => c.entity === entity).map((c) => c.entity_id))];
      const ticketIds = [...new Set(changes.map((c) => c.ticket_id).filter((id): id is string => id !== null))];
      const byId = <R extends { id: string }>(rows: readonly R[]) => new Map(rows.map((r) => [r.id, r]));
      const [tickets, events, comments, calls, customers] = [
        ticketIds.length ? byId(await trx.selectFrom('tickets').selectAll().where('id', 'in', ticketIds).execute()) : new Map(),
        idsOf('event').length ? byId(await trx.selectFrom('ticket_events').selectAll().where('id', 'in', idsOf('event')).execute()) : new Map(),
        idsOf('comment').length ? byId(await trx.selectFrom('comments').selectAll().where('id', 'in', idsOf('comment')).execute()) : new Map(),
        idsOf('call').length ? byId(await trx.selectFrom('calls').selectAll().where('id', 'in', idsOf('call')).execute()) : new Map(),
        idsOf('customer').length ? byId(await trx.selectFrom('customers').selectAll().where('id', 'in', idsOf('customer')).execute()) : new Map(),
      ];
      return { changes, more, tickets, events, comments, calls, customers };
    });
  }

  private async materialise(user: User, page: PageRows): Promise<Change[]> {
    const { changes, tickets, events, comments, calls, customers } = page;
    const db = this.db;
    // Keyed by entity and id; re-inserting moves an entry to the end so the output keeps change order.
    const out = new Map<string, Change>();
    const put = (key: string, change: Change) => {
      out.delete(key);
      out.set(key, change);
    };
    for (const change of changes) {
      const ticket = change.ticket_id ? tickets.get(change.ticket_id) : undefined;
      const visibleNow = ticket ? canSeeTicket(user, scopeOf(ticket)) : false;
      switch (change.entity) {
        case 'ticket': {
          if (!ticket) break;
          const before: TicketScope | null =
            change.scope_changed && change.prev_escalation_level !== null
              ? { teamId: change.prev_team_id, assigneeId: change.prev_assignee_id, escalationLevel: change.prev_escalation_level }
              : null;
          const visibleBefore = before ? canSeeTicket(user, before) : visibleNow;
          if (visibleNow) {
            put(`ticket:${ticket.id}`, { seq: change.seq, entity: 'ticket', op: 'put', row: toSyncedTicket(ticket) });
            if (before && !visibleBefore) await this.backfillChildren(db, ticket.id, change.seq, put);
          } else if (visibleBefore) {
            put(`ticket:${ticket.id}`, { seq: change.seq, entity: 'ticket', op: 'drop', id: ticket.id });
          }
          break;
        }
        case 'comment': {
          const row = comments.get(change.entity_id);
          if (row && visibleNow) put(`comment:${row.id}`, { seq: change.seq, entity: 'comment', op: 'put', row: toComment(row) });
          break;
        }
        case 'call': {
          const row = calls.get(change.entity_id);
          // A call not attached to a ticket is part of the customer's history, which every agent may see.
          if (row && (row.ticket_id === null || visibleNow)) put(`call:${row.id}`, { seq: change.seq, entity: 'call', op: 'put', row: toCall(row) });
          break;
        }
        case 'event': {
          const row = events.get(change.entity_id);
          if (row && visibleNow) put(`event:${row.id}`, { seq: change.seq, entity: 'event', op: 'put', row: toTicketEvent(row) });
          break;
        }
        case 'customer': {
          const row = customers.get(change.entity_id);
          if (row) put(`customer:${row.id}`, { seq: change.seq, entity: 'customer', op: 'put', row: toSyncedCustomer(row) });
          break;
        }
      }
    }
    return [...out.values()];
  }

  private async backfillChildren(db: Db, ticketId: string, seq: number, put: (key: string, change: Change) => void): Promise<void> {
    for (const row of await db.selectFrom('comments').selectAll().where('ticket_id', '=', ticketId).execute()) {
      put(`comment:${row.id}`, { seq, entity: 'comment', op: 'put', row: toComment(row) });
    }
    for (const row of await db.selectFrom('calls').selectAll().where('ticket_id', '=', ticketId).execute()) {
      put(`call:${row.id}`, { seq, entity: 'call', op: 'put', row: toCall(row) });
    }
    for (const row of await db.selectFrom('ticket_events').selectAll().where('ticket_id', '=', ticketId).execute()) {
      put(`event:${row.id}`, { seq, entity: 'event', op: 'put', row: toTicketEvent(row) });
    }
  }

  private async retainedFrom(): Promise<number> {
    const row = await this.db.selectFrom('sync_meta').select('value').where('key', '=', RETAINED_FROM_KEY).executeTakeFirst();
    return row ? Number(row.value) : 1;
  }
}
