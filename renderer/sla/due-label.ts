import { DONE_STATUSES, type TicketStatus } from '../../core/ticket/status';

/** A queue row's SLA in a few characters: "overdue 3 h", "due in 40 min", "due in 5 h", "due 2 Dec", "paused". */
const span = (m: number) => (m < 60 ? `${m} min` : m < 48 * 60 ? `${Math.round(m / 60)} h` : `${Math.round(m / 1440)} d`);

export function dueLabel(dueAt: string | null, now: Date): { text: string; overdue: boolean } {
  if (dueAt === null) return { text: 'SLA paused', overdue: false };
  const minutes = Math.round((Date.parse(dueAt) - now.getTime()) / 60_000);
  return minutes < 0 ? { text: `overdue ${span(-minutes)}`, overdue: true } : { text: `due in ${span(minutes)}`, overdue: false };
}

/** An open escalation on a row: how long it has waited for a supervisor, or that one took it on. */
export function escalationLabel(
  ticket: { readonly status: TicketStatus; readonly escalationLevel: number; readonly escalatedAt?: string | null; readonly escalationAcknowledgedAt?: string | null },
  now: Date,
): { text: string; waiting: boolean } | null {
  if (ticket.escalationLevel <= 0 || DONE_STATUSES.has(ticket.status)) return null;
  if (ticket.escalationAcknowledgedAt) return { text: 'acknowledged', waiting: false };
  const since = ticket.escalatedAt ? Math.max(0, Math.round((now.getTime() - Date.parse(ticket.escalatedAt)) / 60_000)) : null;
  return { text: since === null ? 'escalated' : `waiting ${span(since)}`, waiting: true };
}
