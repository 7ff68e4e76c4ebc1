import { ESCALATION_EVENT_KINDS } from '../../core/escalation/escalation-event';
import type { User } from '../../core/people/user';
import type { AlertNotifier } from '../sla/alert-notifier';
import { GROUP_ABOVE, type AlertNotice } from '../sla/sla-alerts';
import { takeArrivals } from '../sync/arrivals';
import { ticketHistory } from '../tickets/ticket-history';
import type { MirrorDb } from '../sync/mirror-db';
import { loadWorkspace } from '../workspace/workspace-config';
import { newsOf, type EscalationNews } from './escalation-news';

export interface EscalationHandlers {
  open(ticketId: string): void;
  /** A grouped notice opens the escalations queue. */
  openEscalations(): void;
  acknowledge(ticketId: string): void;
  assignToMe(ticketId: string): void;
  /** Where the system shows no notification (no permission), the news is said in the window. */
  inWindow(title: string): void;
}

/**
 * One pass over the ticket events that arrived since the last one (also those that arrived while this
 * workstation was offline or closed: they wait in the mirror). Supervisors hear of escalations waiting
 * for them, with Open, Acknowledge and Assign to me; everyone hears how their own escalations and
 * tickets were escalated, acknowledged, reassigned or de-escalated. Many at once become one grouped
 * notice. Returns how many notices were shown.
 */
export async function checkEscalationNews(db: MirrorDb, user: User, notifier: AlertNotifier, handlers: EscalationHandlers): Promise<number> {
  const arrived = await takeArrivals(db);
  if (arrived.length === 0) return 0;
  const people = new Map((await loadWorkspace(db)).people.map((p) => [p.id, p.name]));
  const nameOf = (userId: string | null) => (userId ? (people.get(userId) ?? 'A colleague') : 'Switchboard');
  // One notice per ticket and kind in a pass: the latest news about it.
  const latest = new Map<string, EscalationNews>();
  for (const event of (await db.events.bulkGet(arrived)).filter((e) => e !== undefined)) {
    // What this person did is never news to them (newsOf says so too): not worth two reads each.
    if (event.actorId === user.id || !ESCALATION_EVENT_KINDS.has(event.kind)) continue;
    const ticket = await db.tickets.get(event.ticketId);
    if (!ticket) continue;
    const escalatedByMe = (await ticketHistory(db, ticket.id)).some((e) => e.kind === 'escalated' && e.actorId === user.id);
    const item = newsOf(event, { user, ticket, escalatedByMe, nameOf });
    if (!item) continue;
    latest.delete(`${item.kind}:${item.ticketId}`);
    latest.set(`${item.kind}:${item.ticketId}`, item);
  }
  const news = [...latest.values()];
  const toAcknowledge = news.filter((n) => n.kind === 'to_acknowledge');
  const updates = news.filter((n) => n.kind === 'update');
  let shown = 0;
  for (const group of [toAcknowledge, updates]) {
    if (group.length > GROUP_ABOVE) {
      const notice = grouped(group);
      if (await notifier.showWithActions(notice, { open: handlers.openEscalations })) shown++;
      else handlers.inWindow(`${notice.title}: ${notice.body}`);
      continue;
    }
    for (const item of group) {
      const notice: AlertNotice = { tag: `escalation:${item.eventId}`, ticketId: item.ticketId, title: item.title, body: item.body };
      const actions =
        item.kind === 'to_acknowledge'
          ? { open: () => handlers.open(item.ticketId), acknowledge: () => handlers.acknowledge(item.ticketId), assignToMe: () => handlers.assignToMe(item.ticketId) }
          : { open: () => handlers.open(item.ticketId) };
      if (await notifier.showWithActions(notice, actions)) shown++;
      else handlers.inWindow(`${item.title}: ${item.body}`);
    }
  }
  return shown;
}

function grouped(group: readonly EscalationNews[]): AlertNotice {
  const title = group[0]!.kind === 'to_acknowledge' ? `${group.length} escalations wait for a supervisor` : `${group.length} updates on your escalated tickets`;
  const numbers = group.slice(0, 5).map((n) => n.number);
  return { tag: `escalation-group:${group[0]!.kind}`, ticketId: null, title, body: `${numbers.join(', ')}${group.length > 5 ? ', …' : ''}` };
}
