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
