import type { Selectable } from 'kysely';
import { acknowledgement, answeredFields, deescalation, reassignment, type EscalationResponse } from '../../../core/escalation/escalation-response';
import type { MutationArgs } from '../../../core/protocol/sync-schemas';
import type { TicketStatus } from '../../../core/ticket/status';
import type { TicketsTable } from '../../storage/schema';
import { audit, ticketEvent } from './change-writer';
import { writeTicketChange } from './ticket-change';
import { rejected, type MutationContext, type Mutator, type MutatorResult } from './mutation-context';
import { TICKET_NOT_FOUND, visibleTicket } from './ticket-access';
import { updateTicket } from './ticket-update';

const EVENT_KIND = { acknowledge: 'escalation_acknowledged', reassign: 'escalation_reassigned', deescalate: 'deescalated' } as const;

const stateOf = (row: Selectable<TicketsTable>) => ({
  status: row.status as TicketStatus,
  escalationLevel: row.escalation_level,
  escalatedAt: row.escalated_at,
  escalationAcknowledgedAt: row.escalation_acknowledged_at,
  escalationAcknowledgedBy: row.escalation_acknowledged_by,
});

/**
 * Records a supervisor's answer to an escalation: one ticket event (what, by whom, the note, the level
 * before and after) that replicates to everyone who sees the ticket, the agent who escalated among
 * them, and the ticket's escalation fields, in the mutation's transaction.
 */
async function recordAnswer(ctx: MutationContext, row: Selectable<TicketsTable>, response: EscalationResponse, args: { eventId: string; note: string }, level: number, extra: Record<string, unknown> = {}): Promise<MutatorResult> {
  if (await ctx.trx.selectFrom('ticket_events').select('id').where('id', '=', args.eventId).executeTakeFirst()) {
    return rejected('conflict', 'This answer was already recorded.');
  }
  const at = ctx.now.toISOString();
  const fields = answeredFields(response, stateOf(row), level, ctx.user.id, at);
  await ticketEvent(ctx, row.id, EVENT_KIND[response], { fromLevel: row.escalation_level, toLevel: level, note: args.note.trim() || null, ...extra }, args.eventId);
  const before = { team_id: row.team_id, assignee_id: row.assignee_id, escalation_level: row.escalation_level };
  await writeTicketChange(
    ctx,
    row.id,
    {
      escalation_level: fields.escalationLevel,
      escalation_acknowledged_at: fields.escalationAcknowledgedAt,
      escalation_acknowledged_by: fields.escalationAcknowledgedBy,
      escalated_at: fields.escalatedAt,
      updated_at: at,
    },
    { before, scopeChanged: level !== row.escalation_level },
  );
  await audit(ctx, { action: `escalation.${response}`, entity: 'ticket', entityId: row.id, oldValue: { level: row.escalation_level }, newValue: { level, ...extra } });
  return { ok: true };
}

export const acknowledgeEscalation: Mutator<MutationArgs<'escalation.acknowledge'>> = async (ctx, args) => {
  const row = await visibleTicket(ctx, args.id);
  if (!row) return rejected('not_found', TICKET_NOT_FOUND);
  const checked = acknowledgement(ctx.user.role, stateOf(row));
  if (!checked.ok) return rejected(checked.error.code === 'forbidden' ? 'forbidden' : 'rejected', checked.error.reason);
  return recordAnswer(ctx, row, 'acknowledge', args, row.escalation_level);
};

export const deescalateTicket: Mutator<MutationArgs<'escalation.deescalate'>> = async (ctx, args) => {
  const row = await visibleTicket(ctx, args.id);
  if (!row) return rejected('not_found', TICKET_NOT_FOUND);
  const checked = deescalation(ctx.user.role, stateOf(row), args.note);
  if (!checked.ok) return rejected(checked.error.code === 'forbidden' ? 'forbidden' : 'rejected', checked.error.reason);
  return recordAnswer(ctx, row, 'deescalate', { eventId: args.eventId, note: checked.value.note }, checked.value.level);
};

/**
 * The new assignee (and team) go through `ticket.update`'s rules: validated, last writer wins by the
 * edit's clock. If a later edit kept another assignee, nothing is answered and the supervisor is told.
 */
export const reassignEscalation: Mutator<MutationArgs<'escalation.reassign'>> = async (ctx, args) => {
  const row = await visibleTicket(ctx, args.id);
  if (!row) return rejected('not_found', TICKET_NOT_FOUND);
  const checked = reassignment(ctx.user.role, stateOf(row));
  if (!checked.ok) return rejected(checked.error.code === 'forbidden' ? 'forbidden' : 'rejected', checked.error.reason);
  const fields = { assigneeId: args.assigneeId, ...(args.teamId !== undefined ? { teamId: args.teamId } : {}) };
  const updated = await updateTicket(ctx, { id: args.id, fields, hlc: args.hlc });
  if (!updated.ok || updated.conflicts?.some((c) => c.field === 'assigneeId')) return updated;
  const moved = { fromAssigneeId: row.assignee_id, toAssigneeId: args.assigneeId, ...(args.teamId !== undefined ? { fromTeamId: row.team_id, toTeamId: args.teamId } : {}) };
  const answered = await recordAnswer(ctx, row, 'reassign', args, row.escalation_level, moved);
  return answered.ok && updated.conflicts ? { ok: true, conflicts: updated.conflicts } : answered;
};
