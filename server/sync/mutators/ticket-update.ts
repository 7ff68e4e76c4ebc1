import { newId } from '../../../core/ids';
import type { FieldConflict } from '../../../core/protocol/sync-messages';
import type { MutationArgs, TicketScalarField } from '../../../core/protocol/sync-schemas';
import { clampHlc, compareHlc } from '../../../core/sync/hlc';
import { findCategory } from '../../../core/ticket/category';
import { derivePriority, type Impact, type Urgency } from '../../../core/ticket/priority';
import type { TicketsTable } from '../../storage/schema';
import { audit, ticketEvent } from './change-writer';
import { writeTicketChange, writeTicketColumns, type TicketColumns } from './ticket-change';
import { rejected, type Mutator } from './mutation-context';
import { TICKET_NOT_FOUND, visibleTicket } from './ticket-access';

const COLUMN: Readonly<Record<TicketScalarField, keyof TicketsTable>> = {
  subject: 'subject',
  description: 'description',
  categoryId: 'category_id',
  impact: 'impact',
  urgency: 'urgency',
  teamId: 'team_id',
  assigneeId: 'assignee_id',
  customerId: 'customer_id',
};
const LONG_TEXT: ReadonlySet<TicketScalarField> = new Set(['subject', 'description']);

/**
 * Scalar fields are last-writer-wins by the edit's hybrid logical clock, per field. A field whose stored
 * clock is later keeps its value; the sender is told, and its losing value is kept in the ticket history.
 */
export const updateTicket: Mutator<MutationArgs<'ticket.update'>> = async (ctx, args) => {
  const { trx } = ctx;
  const row = await visibleTicket(ctx, args.id);
  if (!row) return rejected('not_found', TICKET_NOT_FOUND);
  const fields = args.fields;
  if (fields.categoryId !== undefined && !findCategory(ctx.rules.categories, fields.categoryId)) {
    return rejected('invalid_request', `Unknown category "${fields.categoryId}".`);
  }
  if (fields.teamId && !(await trx.selectFrom('teams').select('id').where('id', '=', fields.teamId).executeTakeFirst())) {
    return rejected('not_found', `Unknown team "${fields.teamId}".`);
  }
  if (fields.assigneeId && !(await trx.selectFrom('users').select('id').where('id', '=', fields.assigneeId).where('disabled', '=', 0).executeTakeFirst())) {
    return rejected('not_found', 'The assignee does not exist.');
  }
  if (fields.customerId && !(await trx.selectFrom('customers').select('id').where('id', '=', fields.customerId).executeTakeFirst())) {
    return rejected('not_found', 'The customer does not exist.');
  }

  const stamp = clampHlc(args.hlc, ctx.now.getTime());
  const clocks = JSON.parse(row.field_clocks) as Partial<Record<TicketScalarField, string>>;
  const updates: Record<string, unknown> = {};
  const changed: Record<string, { from: unknown; to: unknown }> = {};
  const conflicts: FieldConflict[] = [];
  for (const [field, value] of Object.entries(fields) as Array<[TicketScalarField, unknown]>) {
    const column = COLUMN[field];
    const current = row[column];
    const storedClock = clocks[field];
    if (storedClock !== undefined && compareHlc(stamp, storedClock) <= 0) {
      if (current !== value) {
        conflicts.push({ field, yourValue: value, keptValue: current, keptAt: storedClock });
        await ticketEvent(ctx, row.id, LONG_TEXT.has(field) ? 'revision_kept' : 'edit_lost', { field, value, keptValue: current }, newId());
      }
      continue;
    }
    clocks[field] = stamp;
    if (current === value) continue;
    updates[column] = value;
    changed[field] = { from: current, to: value };
  }

  if (Object.keys(changed).length === 0) {
    await writeTicketColumns(ctx, row.id, { field_clocks: JSON.stringify(clocks) });
    return { ok: true, ...(conflicts.length ? { conflicts } : {}) };
  }
  const impact = (updates.impact ?? row.impact) as Impact;
  const urgency = (updates.urgency ?? row.urgency) as Urgency;
  const priority = derivePriority(impact, urgency, ctx.rules.priorityMatrix);
  // One history entry per edit, with every field it changed and their values: the priority's entry when the
  // edit moved it (the SLA clocks read that kind), else a field change. An entry per field tripled what a
  // triage key stored, synced and stored again in every mirror.
  if (priority !== row.priority) {
    updates.priority = priority;
    await ticketEvent(ctx, row.id, 'priority_changed', { from: row.priority, to: priority, changes: changed }, newId());
  } else {
    await ticketEvent(ctx, row.id, 'field_changed', { changes: changed }, newId());
  }
  const scopeChanged = 'team_id' in updates || 'assignee_id' in updates;
  await writeTicketChange(ctx, row.id, { ...(updates as TicketColumns), field_clocks: JSON.stringify(clocks), updated_at: ctx.now.toISOString() }, { before: row, scopeChanged });
  await audit(ctx, { action: 'ticket.update', entity: 'ticket', entityId: row.id, oldValue: mapFrom(changed), newValue: mapTo(changed) });
  return { ok: true, ...(conflicts.length ? { conflicts } : {}) };
};

const mapFrom = (changed: Record<string, { from: unknown }>) => Object.fromEntries(Object.entries(changed).map(([k, v]) => [k, v.from]));
const mapTo = (changed: Record<string, { to: unknown }>) => Object.fromEntries(Object.entries(changed).map(([k, v]) => [k, v.to]));
