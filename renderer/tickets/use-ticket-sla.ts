import { useLiveQuery } from 'dexie-react-hooks';
import { computeSla, type SlaReport } from '../../core/sla/sla-engine';
import { slaEventsFromHistory } from '../../core/sla/sla-history';
import { DEFAULT_SLA_POLICY } from '../../core/sla/sla-policy';
import type { MirrorTicket } from '../queues/queue-fields';
import { useNow } from '../sla/use-now';
import type { MirrorDb } from '../sync/mirror-db';
import { calendarOf, loadWorkspace } from '../workspace/workspace-config';
import { ticketHistory } from './ticket-history';

/** Countdowns move without any data changing: recompute this often. */
const REFRESH_MS = 30_000;

/** A ticket's SLA clocks, computed here from the mirror (so they run offline) with the same engine as the server. */
export function useTicketSla(db: MirrorDb, ticket: MirrorTicket | undefined): { report: SlaReport; timeZone: string } | null {
  const now = useNow(REFRESH_MS);
  const workspace = useLiveQuery(() => loadWorkspace(db), [db]);
  const ticketId = ticket?.id;
  const history = useLiveQuery(async () => (ticketId ? ticketHistory(db, ticketId) : []), [db, ticketId]);
  if (!ticket || !workspace || !history) return null;
  const calendar = calendarOf(workspace, ticket.teamId);
  const events = slaEventsFromHistory(history, ticket);
  return { report: computeSla(events, DEFAULT_SLA_POLICY, calendar, now), timeZone: calendar.timeZone };
}
