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

/** A field's value before and after one edit. */
export interface FieldChange {
  readonly from: unknown;
  readonly to: unknown;
}

/**
 * The fields one edit changed, from a `field_changed` or `priority_changed` entry. An edit's entry carries
 * all of them as `changes`; entries written before that (one per field) carry `{ field, from, to }`, and a
 * priority entry from then carries none.
 */
export function fieldChangesOf(data: Readonly<Record<string, unknown>>): ReadonlyArray<readonly [field: string, change: FieldChange]> {
  const { changes, field } = data;
  if (changes !== null && typeof changes === 'object' && !Array.isArray(changes)) {
    return Object.entries(changes as Record<string, unknown>).flatMap(([name, change]) =>
      change !== null && typeof change === 'object' ? [[name, { from: (change as FieldChange).from, to: (change as FieldChange).to }] as const] : [],
    );
  }
  return typeof field === 'string' ? [[field, { from: data.from, to: data.to }] as const] : [];
}
