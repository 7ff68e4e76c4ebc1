import { manualEscalation } from '../../../core/escalation/escalation-rules';
import type { MutationArgs } from '../../../core/protocol/sync-schemas';
import type { TicketStatus } from '../../../core/ticket/status';
import { audit, ticketEvent } from './change-writer';
import { writeTicketChange } from './ticket-change';
import { addComment } from './comment-add';
import { rejected, type Mutator } from './mutation-context';
import { TICKET_NOT_FOUND, visibleTicket } from './ticket-access';

/**
 * An agent escalates by hand: one level up (team supervisors, then every supervisor), recorded as one
 * ticket event with the handover note, from whom and to whom. The optional customer update is a public
 * reply in the same transaction: both are saved or neither.
 */
export const escalateTicket: Mutator<MutationArgs<'ticket.escalate'>> = async (ctx, args) => {
  const row = await visibleTicket(ctx, args.id);
  if (!row) return rejected('not_found', TICKET_NOT_FOUND);
  const checked = manualEscalation({ handoverNote: args.handoverNote, currentLevel: row.escalation_level, status: row.status as TicketStatus });
  if (!checked.ok) return rejected('rejected', checked.error.reason);
  if (await ctx.trx.selectFrom('ticket_events').select('id').where('id', '=', args.eventId).executeTakeFirst()) {
    return rejected('conflict', 'This escalation was already recorded.');
  }
  // Checked before anything is written: a refusal must leave no half-made escalation behind.
  if (args.customerUpdate && (await ctx.trx.selectFrom('comments').select('id').where('id', '=', args.customerUpdate.commentId).executeTakeFirst())) {
    return rejected('conflict', 'A comment with this id already exists.');
  }
  const { level, handoverNote } = checked.value;
  const before = { team_id: row.team_id, assignee_id: row.assignee_id, escalation_level: row.escalation_level };
  await ticketEvent(
    ctx,
    row.id,
    'escalated',
    { stepKey: null, reason: 'manual', action: 'escalate_to_supervisors', level, percent: null, fromUserId: ctx.user.id, toRole: level >= 2 ? 'all_supervisors' : 'team_supervisors', teamId: row.team_id, note: handoverNote },
    args.eventId,
  );
  const at = ctx.now.toISOString();
  await writeTicketChange(
    ctx,
    row.id,
    { escalation_level: level, updated_at: at, escalated_at: at, escalation_acknowledged_at: null, escalation_acknowledged_by: null },
    { before, scopeChanged: level !== row.escalation_level },
  );
  if (args.customerUpdate) {
    const reply = await addComment(ctx, { id: args.customerUpdate.commentId, ticketId: row.id, visibility: 'public', body: args.customerUpdate.body, createdAt: ctx.now.toISOString() });
    // Unreachable after the checks above; throwing rolls the whole escalation back.
    if (!reply.ok) throw new Error(`customer update refused: ${reply.error.code}`);
  }
  await audit(ctx, { action: 'ticket.escalate', entity: 'ticket', entityId: row.id, oldValue: { level: row.escalation_level }, newValue: { level, customerUpdate: args.customerUpdate !== null } });
  return { ok: true };
};
