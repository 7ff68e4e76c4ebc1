import { useEffect } from 'react';
import { computeSla } from '../../core/sla/sla-engine';
import { slaEventsFromHistory, withPendingRowState } from '../../core/sla/sla-history';
import { DEFAULT_SLA_POLICY } from '../../core/sla/sla-policy';
import type { TicketEvent } from '../../core/ticket/ticket-event';
import { afterFirstScreen } from '../sync/first-screen';
import type { MirrorDb } from '../sync/mirror-db';
import { DEFERRED_READ_CAP_MS } from '../sync/use-after-first-screen';
import { readyQueueIndex } from '../queues/queue-index';
import { ticketHistories } from '../tickets/ticket-history';
import { uiActions } from '../workstation/ui-store';
import { calendarOf, loadWorkspace } from '../workspace/workspace-config';
import { alertCenterActions } from './alert-center';
import type { AlertNotifier } from './alert-notifier';
import { inQuietHours, type SlaAlertSettings } from './alert-settings';
import { useAlertSettings } from './alert-settings-store';
import { dueAlerts, noticesFor, type WatchedTicket } from './sla-alerts';

/** Often enough that an alert is at most this late; cheap, because only the agent's own tickets are read. */
export const ALERT_CHECK_MS = 15_000;
const SENT_KEY = 'slaAlertsSent';

/** The agent's open tickets with their SLA clocks as of `now`, from the mirror (so it works offline). */
async function watchedTickets(db: MirrorDb, userId: string, now: Date): Promise<WatchedTicket[]> {
  const ids = (await readyQueueIndex(db)).idsWhere('due', (e) => e.open && e.assigneeId === userId);
  if (ids.length === 0) return [];
  const [tickets, events, workspace] = await Promise.all([db.tickets.bulkGet(ids), ticketHistories(db, ids), loadWorkspace(db)]);
  const history = new Map<string, TicketEvent[]>();
  for (const event of events) history.set(event.ticketId, [...(history.get(event.ticketId) ?? []), event]);
  return tickets.flatMap((ticket) => {
    if (!ticket) return [];
    const sla = withPendingRowState(slaEventsFromHistory(history.get(ticket.id) ?? [], ticket), ticket, now);
    const report = computeSla(sla, DEFAULT_SLA_POLICY, calendarOf(workspace, ticket.teamId), now);
    return [{ id: ticket.id, number: ticket.number, subject: ticket.subject, report }];
  });
}

/**
 * One pass: alerts that became due are remembered in the mirror (so a reload or a second pass never
 * repeats them), recorded in the alert list and, outside quiet hours, shown as notifications.
 */
export async function checkSlaAlerts(db: MirrorDb, userId: string, settings: SlaAlertSettings, notifier: AlertNotifier, now: Date): Promise<number> {
  const tickets = await watchedTickets(db, userId, now);
  const sent = new Set(((await db.meta.get(SENT_KEY))?.value as string[] | undefined) ?? []);
  const alerts = dueAlerts(tickets, settings, sent);
  if (alerts.length === 0) return 0;
  // Keys of tickets no longer watched are dropped, so the list stays as small as the agent's queue.
  const watched = new Set(tickets.map((t) => t.id));
  const keep = [...sent].filter((key) => watched.has(key.split('@')[0]!));
  await db.meta.put({ key: SENT_KEY, value: [...keep, ...alerts.flatMap((a) => [a.key, ...a.alsoCovers])] });
  const quiet = inQuietHours(settings, now);
  for (const notice of noticesFor(alerts)) {
    const open = () => (notice.ticketId ? uiActions().ticketOpened(notice.ticketId) : uiActions().queueChosen('at-risk'));
    const notified = !quiet && (await notifier.show(notice, open));
    alertCenterActions().recorded({ ...notice, at: now.toISOString(), notified });
    // Without notification permission the alert still reaches the agent, inside the window.
    if (!quiet && !notified) uiActions().noticeShown(notice.title);
  }
  return alerts.length;
}

/** Runs the alert check while the workstation is open, online or offline. */
export function useSlaAlerts(db: MirrorDb, userId: string, notifier: AlertNotifier): void {
  const settings = useAlertSettings();
  useEffect(() => {
    let running = false;
    const run = () => {
      if (running) return;
      running = true;
      void checkSlaAlerts(db, userId, settings, notifier, new Date()).finally(() => {
        running = false;
      });
    };
    // The first check waits for the queue's first screen: it reads all of the agent's tickets and history.
    let live = true;
    void afterFirstScreen(DEFERRED_READ_CAP_MS).then(() => live && run());
    const timer = setInterval(run, ALERT_CHECK_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [db, userId, settings, notifier]);
}
