import type { Updateable } from 'kysely';
import { prepareQuery, type PreparedQuery } from '../../storage/prepared-query';
import type { TicketsTable } from '../../storage/schema';
import { appendChange, type ChangeEntry, type WriteContext } from './change-writer';

/** The columns a mutation may write on a ticket row; its version is stamped here, never by a mutator. */
export type TicketColumns = Omit<Updateable<TicketsTable>, 'id' | 'version'>;

type ColumnUpdate = PreparedQuery<Record<string, unknown>, unknown>;

/**
 * One prepared update per set of columns written together: each mutator writes its own few sets, and
 * ticket.update one per combination of the fields an agent changes (at most 2^9 with the priority), so
 * the cache stays small; built and compiled each time, an update cost more than SQLite took to run it.
 */
const updates = new Map<string, ColumnUpdate>();
const UPDATES_KEPT = 1_024;

function columnUpdate(columns: readonly string[]): ColumnUpdate {
  const key = columns.join(',');
  let update = updates.get(key);
  if (!update) {
    if (updates.size >= UPDATES_KEPT) updates.clear();
    update = prepareQuery((db, p: Record<string, unknown>) =>
      db
        .updateTable('tickets')
        .set(Object.fromEntries(columns.map((column) => [column, p[column]])) as TicketColumns)
        .where('id', '=', p.ticket_row_id as string),
    );
    updates.set(key, update);
  }
  return update;
}

/** Writes these columns of one ticket row, and nothing to the change log (a write no mirror needs). */
export async function writeTicketColumns(ctx: WriteContext, ticketId: string, values: TicketColumns & { version?: number }): Promise<void> {
  const columns = Object.keys(values).filter((column) => (values as Record<string, unknown>)[column] !== undefined).sort();
  if (columns.length === 0) return;
  // Object.assign, not `{ ...values, more }`: that spread is slow on Node 20 (docs/performance.md, "Spreads on Node 20").
  await columnUpdate(columns).execute(ctx.trx, Object.assign({}, values, { ticket_row_id: ticketId }));
}

/**
 * A change to a ticket row: appends its change-log entry, then writes the changed columns with the
 * row's new version (the entry's sequence number) in one update. Writing the columns and stamping the
 * version after them were two updates of the same row for every ticket change.
 */
export async function writeTicketChange(ctx: WriteContext, ticketId: string, values: TicketColumns, entry: Pick<ChangeEntry, 'before' | 'scopeChanged'> = {}): Promise<number> {
  const seq = await appendChange(ctx, { entity: 'ticket', entityId: ticketId, ...entry });
  await writeTicketColumns(ctx, ticketId, Object.assign({}, values, { version: seq }));
  return seq;
}
