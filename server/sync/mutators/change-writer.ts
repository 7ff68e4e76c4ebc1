import type { Selectable, Transaction } from 'kysely';
import type { StorageSchema, TicketsTable } from '../../storage/schema';
import type { TicketEventKind } from '../../../core/ticket/ticket-event';

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

/**
 * Appends to the change log and stamps the row's version with the new sequence number, inside the
 * mutation's transaction: the cursor a client pulls from can never miss a committed change.
 */
export async function recordChange(ctx: WriteContext, entry: ChangeEntry): Promise<number> {
  const inserted = await ctx.trx
    .insertInto('changes')
    .values({
      entity: entry.entity,
      entity_id: entry.entityId,
      ticket_id: entry.ticketId ?? (entry.entity === 'ticket' ? entry.entityId : null),
      prev_team_id: entry.before?.team_id ?? null,
      prev_assignee_id: entry.before?.assignee_id ?? null,
      prev_escalation_level: entry.before?.escalation_level ?? null,
      scope_changed: entry.scopeChanged ? 1 : 0,
      at: ctx.now.toISOString(),
    })
    .returning('seq')
    .executeTakeFirstOrThrow();
  if (entry.entity === 'ticket') {
    await ctx.trx.updateTable('tickets').set({ version: inserted.seq }).where('id', '=', entry.entityId).execute();
  } else if (entry.entity === 'customer') {
    await ctx.trx.updateTable('customers').set({ version: inserted.seq }).where('id', '=', entry.entityId).execute();
  }
  return inserted.seq;
}

/** Append-only audit trail, same transaction as the change it describes. */
export async function audit(
  ctx: WriteContext,
  entry: { action: string; entity: string; entityId: string; oldValue?: unknown; newValue?: unknown },
): Promise<void> {
  await ctx.trx
    .insertInto('audit_log')
    .values({
      at: ctx.now.toISOString(),
      actor_id: ctx.user?.id ?? null,
      client_id: ctx.clientId,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      old_value: entry.oldValue === undefined ? null : JSON.stringify(entry.oldValue),
      new_value: entry.newValue === undefined ? null : JSON.stringify(entry.newValue),
    })
    .execute();
}

/** Appends to the ticket's history and to the change log, so every mirror that holds the ticket gets it. */
export async function ticketEvent(ctx: WriteContext, ticketId: string, kind: TicketEventKind, data: Record<string, unknown>, id: string): Promise<void> {
  await ctx.trx
    .insertInto('ticket_events')
    .values({ id, ticket_id: ticketId, kind, actor_id: ctx.user?.id ?? null, at: ctx.now.toISOString(), data: JSON.stringify(data) })
    .execute();
  await recordChange(ctx, { entity: 'event', entityId: id, ticketId });
}
