import type { Selectable } from 'kysely';
import type { User } from '../../core/people/user';
import { canSeeTicket, type TicketScope } from '../../core/people/visibility';
import type { Change, PullResponse } from '../../core/protocol/sync-messages';
import type { PullRequest } from '../../core/protocol/sync-schemas';
import type { Db } from '../storage/query-builder';
import type { ChangesTable, TicketsTable } from '../storage/schema';
import { claimClient, lastMutationId } from './client-registry';
import { toCall, toComment, toSyncedCustomer, toSyncedTicket, toTicketEvent } from './row-mappers';

export const DEFAULT_PULL_LIMIT = 500;
/** The lowest change sequence still in the log; older cursors must bootstrap again. */
export const RETAINED_FROM_KEY = 'retained_from_seq';

const scopeOf = (row: Selectable<TicketsTable>): TicketScope => ({
  teamId: row.team_id,
  assigneeId: row.assignee_id,
  escalationLevel: row.escalation_level,
});

/**
 * Serves the change log after a client's cursor, as the rows the user may see now. Changes are sent
 * as current rows (several changes to one ticket collapse to its latest state, carrying its version),
 * tickets that left the user's view are sent as drops, and a ticket that entered it brings its
 * comments, calls and history along.
 */
export class PullService {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async pull(user: User, request: PullRequest): Promise<PullResponse> {
    if (!(await claimClient(this.db, request.clientId, user.id, this.now()))) {
      return { ok: false, error: { code: 'client_not_yours', message: 'This sync client belongs to another user; sign in again to get a new one.' } };
    }
    const retainedFrom = await this.retainedFrom();
    if (request.cursor < retainedFrom - 1) {
      return { ok: false, error: { code: 'resync_required', message: 'This copy is older than the server keeps changes for; it will be reloaded (unsent changes are kept).' } };
    }
    const limit = request.limit ?? DEFAULT_PULL_LIMIT;
    // One read transaction: the page and the rows it refers to come from the same snapshot.
    return this.db.transaction().execute(async (trx) => {
      const page = await trx.selectFrom('changes').selectAll().where('seq', '>', request.cursor).orderBy('seq').limit(limit + 1).execute();
      const more = page.length > limit;
      const changes = more ? page.slice(0, limit) : page;
      const cursor = changes.at(-1)?.seq ?? request.cursor;
      const out = await this.materialise(trx, user, changes);
      return { ok: true, changes: out, cursor, more, lastMutationId: await lastMutationId(trx, request.clientId) };
    });
  }

  private async materialise(db: Db, user: User, changes: ReadonlyArray<Selectable<ChangesTable>>): Promise<Change[]> {
    const idsOf = (entity: ChangesTable['entity']) => [...new Set(changes.filter((c) => c.entity === entity).map((c) => c.entity_id))];
    const ticketIds = [...new Set(changes.map((c) => c.ticket_id).filter((id): id is string => id !== null))];
    const tickets = new Map(
      (ticketIds.length ? await db.selectFrom('tickets').selectAll().where('id', 'in', ticketIds).execute() : []).map((t) => [t.id, t]),
    );
    const commentIds = idsOf('comment');
    const callIds = idsOf('call');
    const customerIds = idsOf('customer');
    const eventIds = idsOf('event');
    const events = new Map((eventIds.length ? await db.selectFrom('ticket_events').selectAll().where('id', 'in', eventIds).execute() : []).map((r) => [r.id, r]));
    const comments = new Map((commentIds.length ? await db.selectFrom('comments').selectAll().where('id', 'in', commentIds).execute() : []).map((r) => [r.id, r]));
    const calls = new Map((callIds.length ? await db.selectFrom('calls').selectAll().where('id', 'in', callIds).execute() : []).map((r) => [r.id, r]));
    const customers = new Map((customerIds.length ? await db.selectFrom('customers').selectAll().where('id', 'in', customerIds).execute() : []).map((r) => [r.id, r]));

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
