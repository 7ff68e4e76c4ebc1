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

/** A phase's share of a page, and whether the phase has more after it (`after`: where it goes on). */
interface PhaseRead {
  readonly rows: PutChange[];
  readonly more: boolean;
  readonly after: string;
}

/** `limit`: what is left of the page; `alone`: the page holds nothing yet. */
type Phase = (db: Db, viewer: Viewer, afterId: string, limit: number, seq: number, alone: boolean) => Promise<PhaseRead>;

/** A phase read in id order: full when it filled what was left of the page. */
function byId(read: (db: Db, viewer: Viewer, afterId: string, limit: number, seq: number) => Promise<PutChange[]>): Phase {
  return async (db, viewer, afterId, limit, seq) => {
    const rows = await read(db, viewer, afterId, limit, seq);
    return { rows, more: rows.length >= limit, after: rows.at(-1)?.row.id ?? afterId };
  };
}

/**
 * The history, each ticket's events together in one page (tickets in id order, the page ending on a
 * whole ticket), so the workstation stores a ticket's bootstrap history as one record: a put per ticket
 * instead of one per event, which were most of a bootstrap's IndexedDB time (docs/performance.md). A
 * ticket with more events than a page holds starts a page and fills it past the limit.
 */
const historyByTicket: Phase = async (db, viewer, afterTicket, limit, seq, alone) => {
  const read = (where: (eb: ExpressionBuilder<StorageSchema, 'ticket_events'>) => Expression<SqlBool>, max?: number) => {
    const query = db.selectFrom('ticket_events').selectAll().where(where).where(onVisibleTicket(viewer, 'ticket_events.ticket_id')).orderBy('ticket_id').orderBy('id');
    return (max === undefined ? query : query.limit(max)).execute();
  };
  let rows = await read((eb) => eb('ticket_id', '>', afterTicket), limit + 1);
  const more = rows.length > limit;
  if (more) {
    // The last ticket's events may go on past the page: they start the next page instead.
    const last = rows.at(-1)!.ticket_id;
    const whole = rows.filter((row) => row.ticket_id !== last);
    // One ticket longer than what is left of the page: it starts the next page, and is sent whole in a
    // page it has to itself.
    if (whole.length === 0 && !alone) return { rows: [], more: true, after: afterTicket };
    rows = whole.length > 0 ? whole : await read((eb) => eb('ticket_id', '=', last));
  }
  return {
    rows: rows.map((row) => ({ seq, entity: 'event', op: 'put', row: toTicketEvent(row) })),
    more,
    after: rows.at(-1)?.ticket_id ?? afterTicket,
  };
};

/** Where a bootstrap begun by a server before `historyByTicket` goes on: its history in event id order. */
const LEGACY_HISTORY_PHASE = 6;

/**
 * The phases of a bootstrap, most useful first, so an agent's queue is usable before the mirror is
 * complete: their own open tickets, the rest of the open queue, customers (caller lookup), closed
 * tickets, then the timelines (comments, calls, history).
 */
const PHASES: readonly Phase[] = [
  byId(async (db, viewer, afterId, limit, seq) =>
    (
      await db.selectFrom('tickets').selectAll().where(visibleTo(viewer)).where('assignee_id', '=', viewer.id).where('status', 'not in', DONE)
        .where('id', '>', afterId).orderBy('id').limit(limit).execute()
    ).map((row) => ({ seq, entity: 'ticket', op: 'put', row: toSyncedTicket(row) }))),
  byId(async (db, viewer, afterId, limit, seq) =>
    (
      await ticketsInIdOrder(db, viewer, afterId, limit, (eb) =>
        eb.and([eb('status', 'not in', DONE), eb.or([eb('assignee_id', 'is', null), eb('assignee_id', '!=', viewer.id)])]),
      )
    ).map((row) => ({ seq, entity: 'ticket', op: 'put', row: toSyncedTicket(row) }))),
  byId(async (db, _viewer, afterId, limit, seq) =>
    (await db.selectFrom('customers').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute()).map((row) => ({
      seq,
      entity: 'customer',
      op: 'put',
      row: toSyncedCustomer(row),
    }))),
  byId(async (db, viewer, afterId, limit, seq) =>
    (await ticketsInIdOrder(db, viewer, afterId, limit, (eb) => eb('status', 'in', DONE))).map((row) => ({
      seq,
      entity: 'ticket',
      op: 'put',
      row: toSyncedTicket(row),
    }))),
  byId(async (db, viewer, afterId, limit, seq) =>
    (
      await db.selectFrom('comments').selectAll()
        .where(onVisibleTicket(viewer, 'comments.ticket_id'))
        .where('id', '>', afterId).orderBy('id').limit(limit).execute()
    ).map((row) => ({ seq, entity: 'comment', op: 'put', row: toComment(row) }))),
  byId(async (db, viewer, afterId, limit, seq) =>
    (
      await db.selectFrom('calls').selectAll()
        .where((eb) => eb.or([eb('ticket_id', 'is', null), onVisibleTicket(viewer, 'calls.ticket_id')(eb)]))
        .where('id', '>', afterId).orderBy('id').limit(limit).execute()
    ).map((row) => ({ seq, entity: 'call', op: 'put', row: toCall(row) }))),
  // LEGACY_HISTORY_PHASE: only a bootstrap resumed at a position in it reads it; it then goes on to the next.
  byId(async (db, viewer, afterId, limit, seq) =>
    (
      await db.selectFrom('ticket_events').selectAll()
        .where(onVisibleTicket(viewer, 'ticket_events.ticket_id'))
        .where('id', '>', afterId).orderBy('id').limit(limit).execute()
    ).map((row) => ({ seq, entity: 'event', op: 'put', row: toTicketEvent(row) }))),
  historyByTicket,
];

/**
 * A bootstrap position or snapshot this server did not give out: a roll-back to an older version, or a
 * restore from a backup, since the bootstrap began (or a damaged position). Positions are opaque to
 * clients, so the answer is the same for all of them: begin the bootstrap again.
 */
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
      // A bootstrap begun before the history came by ticket goes on in event id order; a new one skips that.
      if (phase === LEGACY_HISTORY_PHASE && after === '') phase++;
      const read = await PHASES[phase]!(trx, viewer, after, query.limit - rows.length, snapshotSeq, rows.length === 0);
      rows.push(...read.rows);
      if (read.more) {
        after = read.after;
        break;
      }
      phase++;
      after = '';
    }
    return { snapshotSeq, rows, next: phase < PHASES.length ? `${phase}:${after}` : null };
  });
}

function splitPosition(position: string): [string, string] {
  const match = /^(\d):([0-9a-f-]{0,36})$/i.exec(position);
  if (!match || Number(match[1]) >= PHASES.length) throw new BootstrapError('The bootstrap position is not one this server gave out.');
  return [match[1]!, match[2]!];
}
