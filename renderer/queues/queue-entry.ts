import type { SyncedTicket } from '../../core/protocol/sync-messages';
import { priorityRank } from '../../core/ticket/priority';
import { DONE_STATUSES, type TicketStatus } from '../../core/ticket/status';

/**
 * What the queues, their filters, sorts and counts need of one ticket, held in memory for every ticket in
 * the mirror (QueueIndex). Times are epoch milliseconds, so ordering 75,000 of them compares numbers.
 */
export interface QueueEntry {
  readonly id: string;
  readonly open: boolean;
  readonly status: TicketStatus;
  /** 0 is the most severe (priorityRank). */
  readonly priority: number;
  /** "" for unrouted. */
  readonly teamId: string;
  /** "" for unassigned. */
  readonly assigneeId: string;
  readonly categoryId: string;
  readonly channel: string;
  /** SLA due time; tickets whose clocks are all paused sort after every due one, oldest first. */
  readonly due: number;
  /** When the ticket reaches its at-risk mark; Infinity while its clocks are paused or stopped. */
  readonly atRisk: number;
  /** Order of the escalations queue (unacknowledged first, then the longest waiting); NaN: not an open escalation. */
  readonly escalation: number;
  readonly updatedAt: number;
}

/** Added to a paused ticket's creation time: after every real due time (about 1.8e12 ms today), still exact. */
export const PAUSED_DUE = 1e14;
/** Added to an acknowledged escalation's time, so every unacknowledged one comes first. */
export const ACKNOWLEDGED_ESCALATION = 1e14;

export function queueEntry(ticket: SyncedTicket): QueueEntry {
  const open = !DONE_STATUSES.has(ticket.status);
  return {
    id: ticket.id,
    open,
    status: ticket.status,
    priority: priorityRank(ticket.priority),
    teamId: ticket.teamId ?? '',
    assigneeId: ticket.assigneeId ?? '',
    categoryId: ticket.categoryId,
    channel: ticket.channel,
    due: ticket.slaDueAt ? Date.parse(ticket.slaDueAt) : PAUSED_DUE + Date.parse(ticket.createdAt),
    atRisk: ticket.slaAtRiskAt ? Date.parse(ticket.slaAtRiskAt) : Infinity,
    // Rows stored before the acknowledgement fields existed have them undefined: read as "not yet".
    escalation:
      open && ticket.escalationLevel > 0 ? (ticket.escalationAcknowledgedAt ? ACKNOWLEDGED_ESCALATION : 0) + Date.parse(ticket.escalatedAt ?? ticket.updatedAt) : NaN,
    updatedAt: Date.parse(ticket.updatedAt),
  };
}

/** Code-unit order, as IndexedDB ordered ids before: ids are UUIDv7, so this is also creation order. */
const byId = (a: QueueEntry, b: QueueEntry) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The orders the queues are read in; each ends with the id, so no two entries compare equal. */
export const ENTRY_ORDERS = {
  /** Soonest due first: every queue but two, and the "SLA due" sort. */
  due: (a: QueueEntry, b: QueueEntry) => a.due - b.due || byId(a, b),
  /** Most severe first, then soonest due. */
  priority: (a: QueueEntry, b: QueueEntry) => a.priority - b.priority || a.due - b.due || byId(a, b),
  /** Most recently updated first (the done queue's own order and the "Last updated" sort). */
  updated: (a: QueueEntry, b: QueueEntry) => b.updatedAt - a.updatedAt || byId(b, a),
  /** Newest first. */
  created: (a: QueueEntry, b: QueueEntry) => byId(b, a),
  /** Open escalations only: unacknowledged first, then the longest waiting. */
  escalation: (a: QueueEntry, b: QueueEntry) => a.escalation - b.escalation || byId(a, b),
} as const;

export type EntryOrderName = keyof typeof ENTRY_ORDERS;
