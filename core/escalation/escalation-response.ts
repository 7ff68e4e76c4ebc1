import { supervises, type Role } from '../people/user';
import { ok, refuse, type Result } from '../result';
import { DONE_STATUSES, type TicketStatus } from '../ticket/status';
import type { Ticket } from '../ticket/ticket';
import { HANDOVER_NOTE_MAX, HANDOVER_NOTE_MIN } from './escalation-rules';

/** What a supervisor does with an escalation; each is recorded on the ticket and told to the agent who escalated. */
export const ESCALATION_RESPONSES = ['acknowledge', 'reassign', 'deescalate'] as const;
export type EscalationResponse = (typeof ESCALATION_RESPONSES)[number];

export type EscalationState = Pick<Ticket, 'status' | 'escalationLevel' | 'escalatedAt' | 'escalationAcknowledgedAt' | 'escalationAcknowledgedBy'>;
export type EscalationFields = Pick<Ticket, 'escalationLevel' | 'escalatedAt' | 'escalationAcknowledgedAt' | 'escalationAcknowledgedBy'>;

export type EscalationRefusal = 'forbidden' | 'not_escalated' | 'already_acknowledged' | 'ticket_closed' | 'note_required';

/** Whom an escalation step addresses; the assignee's own warning is not an escalation to answer. */
export type EscalationAddressee = 'assignee' | 'team_supervisors' | 'all_supervisors';

export const reachesSupervisors = (toRole: unknown): boolean => toRole === 'team_supervisors' || toRole === 'all_supervisors';


/**
 * A step that reaches supervisors starts a new escalation to answer, even on a ticket a supervisor
 * already took on (the ladder's next rung is news): these are the ticket's new escalation fields.
 */
export function escalationStarted(at: string): Pick<Ticket, 'escalatedAt' | 'escalationAcknowledgedAt' | 'escalationAcknowledgedBy'> {
  return { escalatedAt: at, escalationAcknowledgedAt: null, escalationAcknowledgedBy: null };
}

function answerable(role: Role, ticket: EscalationState): Result<true, EscalationRefusal> {
  if (!supervises(role)) return refuse('forbidden', 'Only supervisors and admins answer escalations.');
  if (DONE_STATUSES.has(ticket.status as TicketStatus)) return refuse('ticket_closed', 'This ticket is resolved or closed; there is no escalation to answer.');
  if (ticket.escalationLevel <= 0) return refuse('not_escalated', 'This ticket is not escalated.');
  return ok(true);
}

/** A supervisor says "I have it": the agent who escalated and the other supervisors stop wondering. */
export function acknowledgement(role: Role, ticket: EscalationState): Result<true, EscalationRefusal> {
  const checked = answerable(role, ticket);
  if (!checked.ok) return checked;
  if (ticket.escalationAcknowledgedAt !== null) return refuse('already_acknowledged', 'This escalation was already acknowledged.');
  return ok(true);
}

/** Handing the ticket to someone else answers the escalation too (it counts as acknowledged). */
export function reassignment(role: Role, ticket: EscalationState): Result<true, EscalationRefusal> {
  return answerable(role, ticket);
}

/**
 * One level down, with the reason written for the agent and the next supervisor. Level 2 → 1 leaves it
 * with the team's supervisors, answered by the one who de-escalated; 1 → 0 ends the escalation.
 */
export function deescalation(role: Role, ticket: EscalationState, note: string): Result<{ level: number; note: string }, EscalationRefusal> {
  const checked = answerable(role, ticket);
  if (!checked.ok) return checked;
  const trimmed = note.trim();
  if (trimmed.length < HANDOVER_NOTE_MIN) return refuse('note_required', 'Say why it no longer needs a supervisor, for the agent who escalated it.');
  if (trimmed.length > HANDOVER_NOTE_MAX) return refuse('note_required', `Keep the note under ${HANDOVER_NOTE_MAX} characters.`);
  return ok({ level: ticket.escalationLevel - 1, note: trimmed });
}

/** The ticket's escalation fields after a response by `userId` at `at`. */
export function answeredFields(response: EscalationResponse, ticket: EscalationState, level: number, userId: string, at: string): EscalationFields {
  if (response === 'deescalate' && level === 0) return { escalationLevel: 0, escalatedAt: null, escalationAcknowledgedAt: null, escalationAcknowledgedBy: null };
  // An escalation already acknowledged keeps who took it on first.
  const acknowledged = ticket.escalationAcknowledgedAt !== null;
  return {
    escalationLevel: level,
    escalatedAt: ticket.escalatedAt,
    escalationAcknowledgedAt: acknowledged ? ticket.escalationAcknowledgedAt : at,
    escalationAcknowledgedBy: acknowledged ? ticket.escalationAcknowledgedBy : userId,
  };
}
