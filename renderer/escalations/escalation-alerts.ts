import type { User } from '../../core/people/user';
import { formatTicketNumber } from '../../core/ticket/ticket';
import type { TicketEvent } from '../../core/ticket/ticket-event';
import type { AlertNotifier } from '../sla/alert-notifier';
import type { MirrorDb } from '../sync/mirror-db';

const SEEN_KEY = 'escalationAlertsSeen';
/** An escalation older than this when it reaches the mirror (a bootstrap, a long offline spell) is history, not news. */
export const FRESH_FOR_MS = 10 * 60 * 1000;

export interface EscalationHandlers {
  open(ticketId: string): void;
  assignToMe(ticketId: string): void;
  /** Where the system shows no notification (no permission), the escalation is said in the window. */
  inWindow(title: string): void;
}

/** Supervisors are told of escalations addressed to supervisors; the assignee's own warnings are theirs. */
export function isSupervisorEscalation(event: TicketEvent): boolean {
  return event.kind === 'escalated' && event.data.toRole !== 'assignee';
}

/**
 * One pass for a supervisor or admin: escalations that reached the mirror since the last pass (event ids
 * are UUIDv7, so id order is arrival order on the server) and are fresh become notifications with Open
 * and Assign to me. The first pass only marks where "since" begins. Returns how many were notified.
 */
export async function checkEscalationAlerts(db: MirrorDb, user: User, notifier: AlertNotifier, handlers: EscalationHandlers, now: Date): Promise<number> {
  if (user.role === 'agent') return 0;
  const seen = (await db.meta.get(SEEN_KEY))?.value as string | undefined;
  if (seen === undefined) {
    const newest = await db.events.orderBy(':id').lastKey();
    await db.meta.put({ key: SEEN_KEY, value: typeof newest === 'string' ? newest : '' });
    return 0;
  }
  const arrived = await db.events.where(':id').above(seen).toArray();
  if (arrived.length === 0) return 0;
  await db.meta.put({ key: SEEN_KEY, value: arrived[arrived.length - 1]!.id });
  const fresh = arrived.filter((e) => isSupervisorEscalation(e) && now.getTime() - Date.parse(e.at) <= FRESH_FOR_MS);
  let notified = 0;
  for (const event of fresh) {
    const ticket = await db.tickets.get(event.ticketId);
    if (!ticket) continue;
    const level = typeof event.data.level === 'number' ? ` to level ${event.data.level}` : '';
    const shown = await notifier.showWithActions(
      { tag: `escalation:${event.id}`, ticketId: ticket.id, title: `${formatTicketNumber(ticket.number)} escalated${level}`, body: ticket.subject },
      { open: () => handlers.open(ticket.id), assignToMe: () => handlers.assignToMe(ticket.id) },
    );
    if (shown) notified++;
    else handlers.inWindow(`${formatTicketNumber(ticket.number)} escalated${level}: ${ticket.subject}`);
  }
  return notified;
}
