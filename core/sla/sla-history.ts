import type { Priority } from '../ticket/priority';
import type { TicketStatus } from '../ticket/status';
import type { TicketEvent } from '../ticket/ticket-event';
import type { SlaEvent } from './sla-engine';

/**
 * The SLA engine's view of a ticket's history. A ticket created on this workstation has no history from
 * the server yet: its creation is taken from the ticket itself, so its clocks run from the first second.
 */
export function slaEventsFromHistory(history: readonly TicketEvent[], ticket?: { readonly createdAt: string; readonly priority: Priority; readonly status: TicketStatus }): SlaEvent[] {
  const events: SlaEvent[] = [];
  for (const event of history) {
    const data = event.data as { priority?: Priority; to?: string; status?: TicketStatus };
    if (event.kind === 'created') events.push({ kind: 'created', at: event.at, priority: data.priority ?? 'medium', status: data.status ?? 'new' });
    else if (event.kind === 'status_changed') events.push({ kind: 'status_changed', at: event.at, status: data.to as TicketStatus });
    else if (event.kind === 'priority_changed') events.push({ kind: 'priority_changed', at: event.at, priority: data.to as Priority });
    else if (event.kind === 'responded') events.push({ kind: 'responded', at: event.at });
  }
  if (ticket && !events.some((e) => e.kind === 'created')) {
    events.push({ kind: 'created', at: ticket.createdAt, priority: ticket.priority, status: 'new' });
    if (ticket.status !== 'new') events.push({ kind: 'status_changed', at: ticket.createdAt, status: ticket.status });
  }
  return events;
}

/**
 * The history as the server knows it, brought level with a row that has local changes the server has not
 * recorded yet (offline edits): the missing status, priority or first response is taken to happen now, so
 * the mirror's deadlines move at once and the server's own answer replaces them on sync.
 */
export function withPendingRowState(
  events: readonly SlaEvent[],
  row: { readonly priority: Priority; readonly status: TicketStatus; readonly firstRespondedAt: string | null },
  now: Date,
): SlaEvent[] {
  const sorted = [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  let priority: Priority | undefined;
  let status: TicketStatus | undefined;
  let responded = false;
  for (const event of sorted) {
    if (event.kind === 'created') [priority, status] = [event.priority, event.status];
    else if (event.kind === 'priority_changed') priority = event.priority;
    else if (event.kind === 'status_changed') status = event.status;
    else responded = true;
  }
  const at = now.toISOString();
  if (priority !== row.priority) sorted.push({ kind: 'priority_changed', at, priority: row.priority });
  if (status !== row.status) sorted.push({ kind: 'status_changed', at, status: row.status });
  if (row.firstRespondedAt !== null && !responded) sorted.push({ kind: 'responded', at: row.firstRespondedAt });
  return sorted;
}
