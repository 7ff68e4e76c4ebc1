import { ESCALATION_ANSWER_KINDS } from '../../core/escalation/escalation-event';
import { reachesSupervisors } from '../../core/escalation/escalation-response';
import { supervises, type User } from '../../core/people/user';
import type { SyncedTicket } from '../../core/protocol/sync-messages';
import { DONE_STATUSES } from '../../core/ticket/status';
import { formatTicketNumber } from '../../core/ticket/ticket';
import type { TicketEvent } from '../../core/ticket/ticket-event';

/**
 * What an arrived ticket event means for the person at this workstation: an escalation for a supervisor
 * to take on, news about a ticket that is theirs (assigned to them, or escalated by them), or nothing.
 * Their own actions are never news to them.
 */
export interface EscalationNews {
  readonly kind: 'to_acknowledge' | 'update';
  readonly ticketId: string;
  readonly eventId: string;
  /** The ticket's number as read out ("SB-1042"). */
  readonly number: string;
  readonly title: string;
  readonly body: string;
}

export interface NewsContext {
  readonly user: User;
  readonly ticket: SyncedTicket;
  /** Whether this person escalated the ticket by hand at some point: they hear how it was answered. */
  readonly escalatedByMe: boolean;
  readonly nameOf: (userId: string | null) => string;
}

export function newsOf(event: TicketEvent, { user, ticket, escalatedByMe, nameOf }: NewsContext): EscalationNews | null {
  if (event.actorId === user.id) return null;
  const number = formatTicketNumber(ticket.number);
  const d = event.data as Record<string, unknown>;
  const note = typeof d.note === 'string' && d.note ? d.note : ticket.subject;
  const base = { ticketId: ticket.id, eventId: event.id, number };
  const open = !DONE_STATUSES.has(ticket.status);
  if (event.kind === 'escalated' && reachesSupervisors(d.toRole) && supervises(user.role)) {
    // Still waiting: one a colleague took on meanwhile (or that was closed) is not news any more.
    if (!open || ticket.escalationAcknowledgedAt !== null) return null;
    const level = typeof d.level === 'number' ? ` to level ${d.level}` : '';
    const by = d.reason === 'manual' ? ` by ${nameOf(event.actorId)}` : '';
    return { kind: 'to_acknowledge', ...base, title: `${number} escalated${level}${by}`, body: note };
  }
  const mine = ticket.assigneeId === user.id || escalatedByMe || d.fromAssigneeId === user.id;
  if (!mine) return null;
  if (event.kind === 'escalated') {
    if (!open) return null;
    const title = reachesSupervisors(d.toRole)
      ? `${number} was escalated to ${d.toRole === 'all_supervisors' ? 'every supervisor' : "your team's supervisors"}${d.reason === 'sla_percent' ? ` (${String(d.percent)} % of its SLA used)` : ''}`
      : `${number} has used ${String(d.percent ?? '?')} % of its resolution time`;
    return { kind: 'update', ...base, title, body: ticket.subject };
  }
  if (!ESCALATION_ANSWER_KINDS.has(event.kind)) return null;
  const who = nameOf(event.actorId);
  if (event.kind === 'escalation_acknowledged') return { kind: 'update', ...base, title: `${who} acknowledged the escalation of ${number}`, body: note };
  if (event.kind === 'deescalated') return { kind: 'update', ...base, title: `${who} de-escalated ${number}`, body: note };
  const to = d.toAssigneeId === user.id ? 'you' : d.toAssigneeId ? nameOf(d.toAssigneeId as string) : 'the team queue';
  return { kind: 'update', ...base, title: `${who} reassigned ${number} to ${to}`, body: note };
}
