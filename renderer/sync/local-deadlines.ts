import type { SyncedTicket } from '../../core/protocol/sync-messages';
import { ticketDeadlines } from '../../core/sla/sla-deadlines';
import { slaEventsFromHistory, withPendingRowState } from '../../core/sla/sla-history';
import { DEFAULT_SLA_POLICY } from '../../core/sla/sla-policy';
import { ticketHistory } from '../tickets/ticket-history';
import { calendarOf, loadWorkspace } from '../workspace/workspace-config';
import type { MirrorDb } from './mirror-db';

/**
 * The row with its SLA deadlines recomputed for a change made here, so an offline priority or status
 * change re-sorts the queues at once. Runs inside the local mutation's transaction (events, timelines and
 * meta are in its scope); the server's deadlines replace these when the change syncs.
 */
export async function withLocalDeadlines(db: MirrorDb, ticket: SyncedTicket, now: Date): Promise<SyncedTicket> {
  const history = await ticketHistory(db, ticket.id);
  const calendar = calendarOf(await loadWorkspace(db), ticket.teamId);
  const events = withPendingRowState(slaEventsFromHistory(history, ticket), ticket, now);
  const deadlines = ticketDeadlines(events, DEFAULT_SLA_POLICY, calendar, now);
  return { ...ticket, slaDueAt: deadlines.dueAt, slaAtRiskAt: deadlines.atRiskAt };
}
