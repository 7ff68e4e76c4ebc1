import type { Viewer } from '../../core/people/visibility';
import type { BootstrapPage, Change } from '../../core/protocol/sync-messages';
import type { BootstrapQuery } from '../../core/protocol/sync-schemas';
import { visibleTo } from '../repositories/tickets-repository';
import type { Db } from '../storage/query-builder';
import type { StorageSchema } from '../storage/schema';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { toCall, toComment, toSyncedCustomer, toSyncedTicket, toTicketEvent } from './row-mappers';

type PutChange = Extract<Change, { op: 'put' }>;
const DONE = ['resolved', 'closed'];

/**
 * The ticket a timeline row belongs to, if the viewer may see it: looked up by key for each row read in id
 * order. `ticket_id in (select … visible tickets)` built and sorted every visible ticket's rows for each
 * page: 464 ms a page of history at 100,000 tickets (77 pages, 36 s of the server's time), against 8 ms.
 */
function onVisibleTicket(viewer: Viewer, ticketId: 'comments.ticket_id' | 'calls.ticket_id' | 'ticket_events.ticket_id') {
  return (eb: ExpressionBuilder<StorageSchema, 'comments' | 'calls' | 'ticket_events'>) =>
    eb.exists(eb.selectFrom('tickets').select('tickets.id').whereRef('tickets.id', '=', ticketId).where(visibleTo(viewer)));
}

/**
 * A page of the tickets the viewer may see that match `only`, in id order, walked through the primary key
 * and each checked by key. Left to itself SQLite answered the visibility `or` from the team and assignee
 * indexes and sorted every match for each page: 400 ms a page of the open queue at 100,000 tickets, and
 * the first screen waited for it; this is 3 ms for the first screen's 200 rows and 30–80 ms a full page.
 */
function ticketsInIdOrder(db: Db, viewer: Viewer, afterId: string, limit: number, only: (eb: ExpressionBuilder<StorageSchema, 'tickets'>) => Expression<SqlBool>) {
  return db
    .selectFrom('tickets')
    .selectAll()
    .where('id', '>', afterId)
    .where((eb) => eb.exists(eb.selectFrom('tickets as candidate').select('candidate.id').whereRef('candidate.id', '=', 'tickets.id').where(visibleTo(viewer) as never).where(only as never)))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * The phases of a bootstrap, most useful first, so an agent's queue is usable before the mirror is
 * complete: their own open tickets, the rest of the open queue, customers (caller lookup), closed
 * tickets, then the timelines (comments, calls, history).
 */
const PHASES: ReadonlyArray<(db: Db, viewer: Viewer, afterId: string, limit: number, seq: number) => Promise<PutChange[]>> = [
  async (db, viewer, afterId, limit, seq) =>
    (
      await db.selectFrom('tickets').selectAll().where(visibleTo(viewer)).where('assignee_id', '=', viewer.id).where('status', 'not in', DONE)
        .where('id', '>', afterId).orderBy('id').limit(limit).execute()
    ).map((row) => ({ seq, entity: 'ticket', op: 'put', row: toSyncedTicket(row) })),
  async (db, viewer, afterId, limit, seq) =>
    (
      await ticketsInIdOrder(db, viewer, afterId, limit, (eb) =>
        eb.and([eb('status', 'not in', DONE), eb.or([eb('assignee_id', 'is', null), eb('assignee_id', '!=', viewer.id)])]),
      )
    ).map((row) => ({ seq, entity: 'ticket', op: 'put', row: toSyncedTicket(row) })),
  async (db, _viewer, afterId, limit, seq) =>
    (await db.selectFrom('customers').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute()).map((row) => ({
      seq,
      entity: 'customer',
      op: 'put',
      row: toSyncedCustomer(row),
    })),
  async (db, viewer, afterId, limit, seq) =>
    (await ticketsInIdOrder(db, viewer, afterId, limit, (eb) => eb('status', 'in', DONE))).map((row) => ({
      seq,
      entity: 'ticket',
      op: 'put',
      row: toSyncedTicket(row),
    })),
  async (db, viewer, afterId, limit, seq) =>
    (
      await db.selectFrom('comments').selectAll()
        .where(onVisibleTicket(viewer, 'comments.ticket_id'))
        .where('id', '>', afterId).orderBy('id').limit(limit).execute()
    ).map((row) => ({ seq, entity: 'comment', op: 'put', row: toComment(row) })),
  async (db, viewer, afterId, limit, seq) =>
    (
      await db.selectFrom('calls').selectAll()
        .where((eb) => eb.or([eb('ticket_id', 'is', null), onVisibleTicket(viewer, 'calls.ticket_id')(eb)]))
        .where('id', '>', afterId).orderBy('id').limit(limit).execute()
    ).map((row) => ({ seq, entity: 'call', op: 'put', row: toCall(row) })),
  async (db, viewer, afterId, limit, seq) =>
    (
      await db.selectFrom('ticket_events').selectAll()
        .where(onVisibleTicket(viewer, 'ticket_events.ticket_id'))
        .where('id', '>', afterId).orderBy('id').limit(limit).execute()
    ).map((row) => ({ seq, entity: 'event', op: 'put', row: toTicketEvent(row) })),
];

export class BootstrapError extends Error {}

/**
 * Paged, resumable snapshot of everything a user may see. The snapshot sequence is taken on the first
 * page; rows read later may be newer than it, which is harmless: the pull that follows replays every
 * change after the snapshot and per-row versions discard what is already there.
 */
export async function bootstrapPage(db: Db, viewer: Viewer, query: BootstrapQuery): Promise<BootstrapPage> {
  const [phaseText, afterId] = query.after ? splitPosition(query.after) : ['0', ''];
  let phase = Number(phaseText);
  let after = afterId;
  return db.transaction().execute(async (trx) => {
    const top = await trx.selectFrom('changes').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
    const latest = Number(top?.seq ?? 0);
    if (query.snapshot !== undefined && query.snapshot > latest) throw new BootstrapError('The snapshot is ahead of the server.');
    const snapshotSeq = query.snapshot ?? latest;
    const rows: PutChange[] = [];
    while (phase < PHASES.length && rows.length < query.limit) {
      const page = await PHASES[phase]!(trx, viewer, after, query.limit - rows.length, snapshotSeq);
      rows.push(...page);
      if (rows.length < query.limit) {
        phase++;
        after = '';
      } else {
        after = page.at(-1)?.row.id ?? after;
      }
    }
    return { snapshotSeq, rows, next: phase < PHASES.length ? `${phase}:${after}` : null };
  });
}

function splitPosition(position: string): [string, string] {
  const match = /^(\d):([0-9a-f-]{0,36})$/i.exec(position);
  if (!match || Number(match[1]) >= PHASES.length) throw new BootstrapError('The bootstrap position is not one this server gave out.');
  return [match[1]!, match[2]!];
}
