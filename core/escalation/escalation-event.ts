import type { TicketEventKind } from '../ticket/ticket-event';

/** A supervisor's answers to an escalation, as history events. */
export const ESCALATION_ANSWER_KINDS: ReadonlySet<TicketEventKind> = new Set(['escalation_acknowledged', 'escalation_reassigned', 'deescalated']);

/** The history events that are escalation news to someone: an escalation and the answers to it. */
export const ESCALATION_EVENT_KINDS: ReadonlySet<TicketEventKind> = new Set(['escalated', ...ESCALATION_ANSWER_KINDS]);

/** One escalation as recorded on a ticket: who it went from and to, why, and at which level. */
export interface EscalationRecord {
  readonly id: string;
  readonly ticketId: string;
  /** The ladder or severity step key; null for a manual escalation. */
  readonly stepKey: string | null;
  readonly level: number;
  readonly reason: 'severity' | 'sla_percent' | 'manual';
  /** The SLA percentage that triggered it, for ladder steps. */
  readonly percent: number | null;
  /** The agent who escalated by hand; null when the system did. */
  readonly fromUserId: string | null;
  /** Who must act on it: the team's supervisors (level 1) or every supervisor (level 2). */
  readonly toRole: 'assignee' | 'team_supervisors' | 'all_supervisors';
  readonly teamId: string | null;
  readonly note: string | null;
  readonly at: string;
}
