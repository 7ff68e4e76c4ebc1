import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AuditLogTable, CallsTable, ChangesTable, CommentsTable, StorageSchema, TicketEventsTable, TicketsTable } from '../../storage/schema';
import type { TicketEventKind } from '../../../core/ticket/ticket-event';
import { prepareQuery } from '../../storage/prepared-query';
import { savepointsLeftOut } from '../../storage/savepoint';
import { writeTime } from './write-time';

/** Who writes: an agent through a sync client, or the server itself (user and client null: SLA escalations). */
export interface WriteContext {
  readonly trx: Transaction<StorageSchema>;
  readonly now: Date;
  readonly user: { readonly id: string } | null;
  readonly clientId: string | null;
}

export interface ChangeEntry {
  readonly entity: 'ticket' | 'comment' | 'call' | 'customer' | 'event';
  readonly entityId: string;
  readonly ticketId?: string | null;
  /** The ticket's scope before this change, when the change may move it out of someone's view. */
  readonly before?: Pick<Selectable<TicketsTable>, 'team_id' | 'assignee_id' | 'escalation_level'> | null;
  readonly scopeChanged?: boolean;
}

// Every mutation writes these: prepared once (server/storage/prepared-query.ts), not built per run.
const insertChange = prepareQuery((db, p: Omit<Selectable<ChangesTable>, 'seq'>) =>
  db
    .insertInto('changes')
    .values({
      entity: p.entity,
      entity_id: p.entity_id,
      ticket_id: p.ticket_id,
      prev_team_id: p.prev_team_id,
      prev_assignee_id: p.prev_assignee_id,
      prev_escalation_level: p.prev_escalation_level,
      scope_changed: p.scope_changed,
      at: p.at,
    }),
);
const stampTicket = prepareQuery((db, p: { id: string; version: number }) => db.updateTable('tickets').set({ version: p.version }).where('id', '=', p.id));
const stampCustomer = prepareQuery((db, p: { id: string; version: number }) => db.updateTable('customers').set({ version: p.version }).where('id', '=', p.id));
const insertAudit = prepareQuery((db, p: Omit<Selectable<AuditLogTable>, 'seq'>) =>
  db.insertInto('audit_log').values({
    at: p.at,
    actor_id: p.actor_id,
    client_id: p.client_id,
    action: p.action,
    entity: p.entity,
    entity_id: p.entity_id,
    old_value: p.old_value,
    new_value: p.new_value,
  }),
);
const insertEvent = prepareQuery((db, p: Selectable<TicketEventsTable>) =>
  db.insertInto('ticket_events').values({ id: p.id, ticket_id: p.ticket_id, kind: p.kind, actor_id: p.actor_id, at: p.at, data: p.data }),
);

const topSeq = prepareQuery((db) => db.selectFrom('changes').select((eb) => eb.fn.max('seq').as('seq')));

/** What a transaction knows of the log's end: where it stood when first read, and what it appended since. */
interface ChangeJournal {
  base: number | null;
  /** Exactly as stored: the rows `select *` would return. */
  readonly appended: Array<Selectable<ChangesTable>>;
  readonly events: Array<Selectable<TicketEventsTable>>;
  readonly comments: Array<Selectable<CommentsTable>>;
  readonly calls: Array<Selectable<CallsTable>>;
}

/** The change-log rows, history events, comments and calls a committed transaction wrote, for the pull's memory of the log. */
export interface WrittenRows {
  readonly changes: ReadonlyArray<Selectable<ChangesTable>>;
  readonly events: ReadonlyArray<Selectable<TicketEventsTable>>;
  readonly comments: ReadonlyArray<Selectable<CommentsTable>>;
  readonly calls: ReadonlyArray<Selectable<CallsTable>>;
}

/**
 * Kept only for transactions without savepoints (savepoint.ts), where nothing appended can be rolled back
 * alone. A push asked SQLite for the log's end and for the tickets each mutation touched: two of the
 * seventeen statements of a filed ticket, though the transaction itself had written every row they read.
 */
const journals = new WeakMap<object, ChangeJournal | null>();

/** The transaction's journal; none with savepoints, or once a sequence number had to be read back. */
function journalOf(db: Kysely<StorageSchema>): ChangeJournal | undefined {
  if (!db.isTransaction || !savepointsLeftOut(db)) return undefined;
  let journal = journals.get(db);
  if (journal === null) return undefined;
  if (!journal) journals.set(db, (journal = { base: null, appended: [], events: [], comments: [], calls: [] }));
  return journal;
}

/** The newest change's sequence number (0 before the first), as this transaction sees it. */
export async function latestChangeSeq(db: Kysely<StorageSchema>): Promise<number> {
  const journal = journalOf(db);
  const last = journal?.appended.at(-1)?.seq ?? journal?.base;
  if (last !== undefined && last !== null) return last;
  const seq = await readLatestChangeSeq(db);
  if (journal) journal.base = seq;
  return seq;
}

async function readLatestChangeSeq(db: Kysely<StorageSchema>): Promise<number> {
  return Number((await topSeq.executeTakeFirst(db, {}))?.seq ?? 0);
}

/**
 * The change-log rows this transaction appended after `afterSeq`, when it knows them all (no savepoints,
 * and `afterSeq` not older than its first look at the log); undefined when they must be read.
 */
export function appendedSince(trx: Transaction<StorageSchema>, afterSeq: number): ReadonlyArray<Selectable<ChangesTable>> | undefined {
  const journal = journalOf(trx);
  if (!journal) return undefined;
  const known = journal.base ?? (journal.appended[0] ? journal.appended[0].seq - 1 : null);
  if (known === null || afterSeq < known) return undefined;
  // Appended in sequence order: the rows after `afterSeq` are the last ones. Asked once per mutation, a
  // scan from the start grew with the group (up to 16 pushes of 300 rows).
  let first = journal.appended.length;
  while (first > 0 && journal.appended[first - 1]!.seq > afterSeq) first--;
  return journal.appended.slice(first);
}

/**
 * Everything this transaction appended to the change log, with the history events it wrote, when it kept
 * them all (no savepoints): for the caller to hand to the pull's in-memory tail once it has committed, so
 * the tail need not read back what the push has just written (change-log-tail.ts).
 */
export function writtenRows(trx: Transaction<StorageSchema>): WrittenRows | undefined {
  const journal = journalOf(trx);
  // Copies: the tail keeps these, and nothing written through this transaction afterwards may reach them.
  return journal ? { changes: [...journal.appended], events: [...journal.events], comments: [...journal.comments], calls: [...journal.calls] } : undefined;
}

/** A comment or call row just inserted with every column, for writtenRows (the tail serves them as stored). */
export function noteInserted(trx: Transaction<StorageSchema>, row: { comment: Selectable<CommentsTable> } | { call: Selectable<CallsTable> }): void {
  const journal = journalOf(trx);
  if (!journal) return;
  if ('comment' in row) journal.comments.push({ ...row.comment });
  else journal.calls.push({ ...row.call });
}

/**
 * Appends to the change log and stamps the row's version with the new sequence number, inside the
 * mutation's transaction: the cursor a client pulls from can never miss a committed change. A change
 * that also writes ticket columns goes through writeTicketChange (ticket-change.ts), which stamps the
 * version in the same update.
 */
export async function recordChange(ctx: WriteContext, entry: ChangeEntry): Promise<number> {
  const seq = await appendChange(ctx, entry);
  if (entry.entity === 'ticket') await stampTicket.execute(ctx.trx, { id: entry.entityId, version: seq });
  else if (entry.entity === 'customer') await stampCustomer.execute(ctx.trx, { id: entry.entityId, version: seq });
  return seq;
}

/** The change-log entry alone; its sequence number is the row's next version. */
export async function appendChange(ctx: WriteContext, entry: ChangeEntry): Promise<number> {
  const row = {
    entity: entry.entity,
    entity_id: entry.entityId,
    ticket_id: entry.ticketId ?? (entry.entity === 'ticket' ? entry.entityId : null),
    prev_team_id: entry.before?.team_id ?? null,
    prev_assignee_id: entry.before?.assignee_id ?? null,
    prev_escalation_level: entry.before?.escalation_level ?? null,
    scope_changed: entry.scopeChanged ? 1 : 0,
    at: writeTime(ctx.now),
  };
  const inserted = await insertChange.run(ctx.trx, row);
  // The row id SQLite hands back, not `returning seq`: with AUTOINCREMENT, returning doubled the insert's
  // cost. A dialect without insert ids (PostgreSQL) reads the newest seq its transaction sees instead.
  if (inserted.insertId === undefined) {
    // Other transactions' rows may sit among this one's there: the journal could not tell them apart.
    journals.set(ctx.trx, null);
    return readLatestChangeSeq(ctx.trx);
  }
  const seq = Number(inserted.insertId);
  // A literal, not `{ seq, ...row }`: slow on Node 20 (docs/performance.md, "Spreads on Node 20").
  journalOf(ctx.trx)?.appended.push({ seq, entity: row.entity, entity_id: row.entity_id, ticket_id: row.ticket_id, prev_team_id: row.prev_team_id, prev_assignee_id: row.prev_assignee_id, prev_escalation_level: row.prev_escalation_level, scope_changed: row.scope_changed, at: row.at });
  return seq;
}

/** Append-only audit trail, same transaction as the change it describes. */
export async function audit(
  ctx: WriteContext,
  entry: { action: string; entity: string; entityId: string; oldValue?: unknown; newValue?: unknown },
): Promise<void> {
  await insertAudit.execute(ctx.trx, {
    at: writeTime(ctx.now),
    actor_id: ctx.user?.id ?? null,
    client_id: ctx.clientId,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId,
    old_value: entry.oldValue === undefined ? null : JSON.stringify(entry.oldValue),
    new_value: entry.newValue === undefined ? null : JSON.stringify(entry.newValue),
  });
}

/** Appends to the ticket's history and to the change log, so every mirror that holds the ticket gets it. */
export async function ticketEvent(ctx: WriteContext, ticketId: string, kind: TicketEventKind, data: Record<string, unknown>, id: string): Promise<void> {
  await storeTicketEvent(ctx, ticketEventRow(ctx, ticketId, kind, data, id));
}

/** A history event as storeTicketEvent writes it: a mutator that needs its history before writing builds these first. */
export function ticketEventRow(ctx: WriteContext, ticketId: string, kind: TicketEventKind, data: Record<string, unknown>, id: string): Selectable<TicketEventsTable> {
  return { id, ticket_id: ticketId, kind, actor_id: ctx.user?.id ?? null, at: writeTime(ctx.now), data: JSON.stringify(data) };
}

/** Writes a history event and its change-log entry. */
export async function storeTicketEvent(ctx: WriteContext, row: Selectable<TicketEventsTable>): Promise<void> {
  await insertEvent.execute(ctx.trx, row);
  journalOf(ctx.trx)?.events.push({ id: row.id, ticket_id: row.ticket_id, kind: row.kind, actor_id: row.actor_id, at: row.at, data: row.data });
  await recordChange(ctx, { entity: 'event', entityId: row.id, ticketId: row.ticket_id });
}
