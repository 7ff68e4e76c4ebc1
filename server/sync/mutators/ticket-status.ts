import { newId } from '../../../core/ids';
import type { MutationArgs } from '../../../core/protocol/sync-schemas';
import { transitionStatus, type TicketStatus } from '../../../core/ticket/status';
import { audit, ticketEvent } from './change-writer';
import { writeTicketChange } from './ticket-change';
import { rejected, type Mutator } from './mutation-context';
import { TICKET_NOT_FOUND, visibleTicket } from './ticket-access';

/**
 * Status is not last-writer-wins: the move is re-validated against the ticket's status on the server
 * now, with the same lifecycle rules the client ran. A refused move is recorded in the ticket history
 * with what the agent wrote, and answered with the reason.
 */
export const setTicketStatus: Mutator<MutationArgs<'ticket.setStatus'>> = async (ctx, args) => {
  const row = await visibleTicket(ctx, args.id);
  if (!row) return rejected('not_found', TICKET_NOT_FOUND);
  const next = transitionStatus(
    {
      status: row.status as TicketStatus,
      resolutionSummary: row.resolution_summary,
      resolvedAt: row.resolved_at,
      closedAt: row.closed_at,
      reopenCount: row.reopen_count,
    },
    { to: args.to, resolutionSummary: args.resolutionSummary },
    ctx.now,
    ctx.rules.lifecycle,
  );
  if (!next.ok) {
    await ticketEvent(ctx, row.id, 'change_rejected', { to: args.to, resolutionSummary: args.resolutionSummary ?? null, reason: next.error.reason }, newId());
    return rejected('rejected', next.error.reason);
  }
  const state = next.value;
  await ticketEvent(ctx, row.id, 'status_changed', { from: row.status, to: state.status }, newId());
  await writeTicketChange(ctx, row.id, {
    status: state.status,
    resolution_summary: state.resolutionSummary,
    resolved_at: state.resolvedAt,
    closed_at: state.closedAt,
    reopen_count: state.reopenCount,
    updated_at: ctx.now.toISOString(),
  });
  await audit(ctx, { action: 'ticket.setStatus', entity: 'ticket', entityId: row.id, oldValue: row.status, newValue: state.status });
  return { ok: true };
};
