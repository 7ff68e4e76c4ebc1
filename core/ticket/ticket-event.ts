/**
 * One entry in a ticket's history: created, status and field changes, first response, escalations, and
 * changes that lost or were refused (kept so nothing an agent wrote disappears). The SLA engine reads
 * these; the ticket timeline shows them.
 */
export const TICKET_EVENT_KINDS = [
  'created',
  'routed',
  'status_changed',
  'priority_changed',
  'field_changed',
  'responded',
  'escalated',
  'escalation_acknowledged',
  'escalation_reassigned',
  'deescalated',
  'edit_lost',
  'revision_kept',
  'change_rejected',
] as const;
export type TicketEventKind = (typeof TICKET_EVENT_KINDS)[number];

export interface TicketEvent {
  readonly id: string;
  readonly ticketId: string;
  readonly kind: TicketEventKind;
  /** null for what the system did on its own (SLA escalations, the demo seed). */
  readonly actorId: string | null;
  readonly at: string;
  readonly data: Readonly<Record<string, unknown>>;
}
