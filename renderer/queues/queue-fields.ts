import type { SyncedTicket } from '../../core/protocol/sync-messages';
import { priorityRank } from '../../core/ticket/priority';
import { DONE_STATUSES } from '../../core/ticket/status';

/**
 * Fields derived from a ticket only so IndexedDB can serve the queues from indexes: IndexedDB cannot
 * index null or booleans, and a queue needs "open, by due time" in one ordered range. A field left
 * undefined keeps the ticket out of that index altogether (IndexedDB indexes no row whose key is not a
 * key): the escalations index holds only the few tickets its queue can show, instead of an entry for
 * every ticket that each write of it must update.
 */
export interface QueueFields {
  /** The assignee, or "" for unassigned. */
  readonly qAssignee: string;
  /** The team, or "" for unrouted. */
  readonly qTeam: string;
  /** 1 while someone owes the customer something, 0 once resolved or closed. */
  readonly qOpen: 0 | 1;
  /**
   * Order of the escalations queue, undefined when the ticket is not an open escalation: unacknowledged
   * ("0") before acknowledged ("1"), then the longest waiting first. (Mirrors before version 6 stored ""
   * for the others, which sorts before every escalation and so stays out of the queue too.)
   */
  readonly qEscalation: string | undefined;
  /**
   * Sort key of the queues: the SLA due time; tickets whose clocks are all paused sort after every due
   * one, oldest first ("~" sorts after any ISO date).
   */
  readonly qDue: string;
  /** When the ticket reaches its at-risk mark; "~" (never) while its clocks are paused or stopped. */
  readonly qAtRisk: string;
  readonly qPriority: number;
}

/** Rows stored before the acknowledgement fields existed have them undefined: read as "not yet". */
function escalationOrder(ticket: SyncedTicket): string | undefined {
  if (ticket.escalationLevel <= 0 || DONE_STATUSES.has(ticket.status)) return undefined;
  return `${ticket.escalationAcknowledgedAt ? 1 : 0}${ticket.escalatedAt ?? ticket.updatedAt}`;
}

/** Sorts after every ISO-8601 date. */
export const NOT_DUE = '~';

export type MirrorTicket = SyncedTicket & Partial<QueueFields>;

export function queueFields(ticket: SyncedTicket): QueueFields {
  const open = !DONE_STATUSES.has(ticket.status);
  return {
    qAssignee: ticket.assigneeId ?? '',
    qTeam: ticket.teamId ?? '',
    qOpen: open ? 1 : 0,
    qEscalation: escalationOrder(ticket),
    qDue: ticket.slaDueAt ?? `${NOT_DUE}${ticket.createdAt}`,
    // Never undefined, though that would keep done tickets out of the at-risk index: Dexie's change
    // tracking compares a compound key with an undefined part as unequal to itself (NaN), so every write of
    // such a ticket is recorded for live queries as moving in that index (10 × 1,000 re-puts under a live
    // query: 141-254 ms with "~", 254-325 ms with undefined, in Node), and the drains measured no faster.
    qAtRisk: ticket.slaAtRiskAt ?? NOT_DUE,
    qPriority: priorityRank(ticket.priority),
  };
}

/** What local search matches a ticket by: the words of its subject and its number. */
export function ticketSearchWords(ticket: Pick<SyncedTicket, 'subject' | 'number'>): string[] {
  return searchWords(`${ticket.subject} ${ticket.number ?? ''}`);
}

/** Distinct lower-case words of two or more letters or digits, in any script. */
export function searchWords(text: string): string[] {
  return [...new Set(text.toLowerCase().normalize('NFKC').split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 2))];
}

/** `qWords` was stored by mirrors before version 4 (search words are indexed in memory since), `qEscalated` before 5. */
export const QUEUE_FIELD_NAMES = ['qAssignee', 'qTeam', 'qOpen', 'qEscalated', 'qEscalation', 'qDue', 'qAtRisk', 'qPriority', 'qWords'] as const;

/** The ticket without its derived fields, as the server knows it. */
export function withoutQueueFields(ticket: MirrorTicket): SyncedTicket {
  const copy: Record<string, unknown> = { ...ticket };
  for (const name of QUEUE_FIELD_NAMES) delete copy[name];
  return copy as unknown as SyncedTicket;
}
