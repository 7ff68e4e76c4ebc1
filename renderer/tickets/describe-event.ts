import { DEFAULT_CATEGORIES, findCategory } from '../../core/ticket/category';
import { STATUS_LABELS, TICKET_STATUSES, type TicketStatus } from '../../core/ticket/status';
import { fieldChangesOf, type FieldChange, type TicketEvent } from '../../core/ticket/ticket-event';

/** Names for the ids a history entry holds, from the workspace the mirror keeps. */
export interface EventNames {
  person(userId: string | null): string;
  team(teamId: string): string;
}

const statusLabel = (status: string | undefined) =>
  status && (TICKET_STATUSES as readonly string[]).includes(status) ? STATUS_LABELS[status as TicketStatus] : (status ?? '?');

const FIELD_LABELS: Readonly<Record<string, string>> = {
  subject: 'Subject',
  description: 'Description',
  categoryId: 'Category',
  impact: 'Impact',
  urgency: 'Urgency',
  teamId: 'Team',
  assigneeId: 'Assignee',
  customerId: 'Customer',
};

/** A value as the agent knows it; free text and customers are named only as changed, the timeline is not the ticket. */
function valueOf(field: string, value: unknown, names: EventNames): string | undefined {
  if (field === 'impact' || field === 'urgency') return typeof value === 'string' ? value : '?';
  if (field === 'categoryId') return typeof value === 'string' ? (findCategory(DEFAULT_CATEGORIES, value)?.label ?? value) : '?';
  if (field === 'teamId') return typeof value === 'string' ? names.team(value) : 'no team';
  if (field === 'assigneeId') return typeof value === 'string' ? names.person(value) : 'nobody (team queue)';
  return undefined;
}

const fieldLabel = (field: string): string => (Object.hasOwn(FIELD_LABELS, field) ? FIELD_LABELS[field]! : field);

function describeChange(field: string, change: FieldChange, names: EventNames): string {
  const label = fieldLabel(field);
  const from = valueOf(field, change.from, names);
  const to = valueOf(field, change.to, names);
  return from === undefined || to === undefined ? `${label} changed` : `${label}: ${from} → ${to}`;
}

/** One line of a ticket's timeline for one history entry. */
export function describeEvent(event: TicketEvent, names: EventNames): string {
  const d = event.data as Record<string, string | undefined>;
  const changes = () => fieldChangesOf(event.data).map(([field, change]) => describeChange(field, change, names));
  switch (event.kind) {
    case 'created':
      return 'Ticket created';
    case 'routed':
      return `Routed: ${d.reason ?? ''}`;
    case 'status_changed':
      return `Status: ${statusLabel(d.from)} → ${statusLabel(d.to)}`;
    case 'priority_changed': {
      const fields = changes();
      return `Priority: ${d.from ?? '?'} → ${d.to ?? '?'}${fields.length ? ` (${fields.join('; ')})` : ''}`;
    }
    case 'field_changed':
      return changes().join('; ') || 'Ticket edited';
    case 'responded':
      return 'First response to the customer';
    case 'escalated': {
      const to = { assignee: 'warning to the assignee', team_supervisors: "to the team's supervisors", all_supervisors: 'to every supervisor' }[d.toRole ?? ''] ?? '';
      if (d.reason === 'manual') return `Escalated ${to} by ${names.person(event.actorId)}. Handover note: ${d.note ?? ''}`;
      const why = d.reason === 'sla_percent' ? ` (SLA ${d.percent ?? '?'} % used)` : d.reason === 'severity' ? ' (priority)' : '';
      return `Escalated ${to}${why}`.trim();
    }
    case 'escalation_acknowledged':
      return `Escalation acknowledged by ${names.person(event.actorId)}${d.note ? `: ${d.note}` : ''}`;
    case 'escalation_reassigned':
      return `Escalation answered by ${names.person(event.actorId)}: reassigned to ${d.toAssigneeId ? names.person(d.toAssigneeId) : 'nobody (team queue)'}${d.note ? `. ${d.note}` : ''}`;
    case 'deescalated':
      return `De-escalated by ${names.person(event.actorId)} (level ${d.fromLevel ?? '?'} → ${d.toLevel ?? '?'}): ${d.note ?? ''}`;
    case 'edit_lost':
    case 'revision_kept':
      return `A later edit of ${d.field ? fieldLabel(d.field).toLowerCase() : 'a field'} was kept; this one is saved in history`;
    case 'change_rejected':
      return `A change was refused: ${d.reason ?? ''}`;
  }
}
