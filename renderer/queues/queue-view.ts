import type { Viewer } from '../../core/people/visibility';
import type { Channel } from '../../core/ticket/channel';
import { PRIORITIES, type Priority } from '../../core/ticket/priority';
import type { TicketStatus } from '../../core/ticket/status';
import type { MirrorDb } from '../sync/mirror-db';
import type { QueueDefinition } from './queue-definitions';
import type { EntryOrderName, QueueEntry } from './queue-entry';
import { readyQueueIndex } from './queue-index';

export const QUEUE_SORTS = ['due', 'priority', 'updated', 'created'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
export const SORT_LABELS: Readonly<Record<QueueSort, string>> = {
  due: 'SLA due (soonest first)',
  priority: 'Priority, then SLA due',
  updated: 'Last updated',
  created: 'Newest first',
};

/** What the agent narrowed the queue to; an empty list means "any". "" stands for no team / unassigned. */
export interface QueueFilters {
  readonly priority: readonly Priority[];
  readonly status: readonly TicketStatus[];
  readonly categoryId: readonly string[];
  readonly channel: readonly Channel[];
  readonly teamId: readonly string[];
  readonly assigneeId: readonly string[];
}

export const NO_FILTERS: QueueFilters = { priority: [], status: [], categoryId: [], channel: [], teamId: [], assigneeId: [] };

export const activeFilterCount = (filters: QueueFilters): number => Object.values(filters).filter((values: readonly string[]) => values.length > 0).length;

/** The entry's value for one filter, as the filter's values name it. */
const FILTERED: Readonly<Record<keyof QueueFilters, (entry: QueueEntry) => string>> = {
  priority: (e) => PRIORITIES[e.priority]!,
  status: (e) => e.status,
  categoryId: (e) => e.categoryId,
  channel: (e) => e.channel,
  teamId: (e) => e.teamId,
  assigneeId: (e) => e.assigneeId,
};

/** The chosen sort's order; "SLA due" keeps the queue's own (the escalations queue has its own). */
const SORT_ORDER: Readonly<Record<QueueSort, EntryOrderName | null>> = { due: null, priority: 'priority', updated: 'updated', created: 'created' };

/**
 * The queue as the agent asked to see it: its entries in the chosen order, kept where they are in the
 * queue and match every active filter (any of its values). One pass over an ordered array in memory.
 */
export async function queueView(db: MirrorDb, viewer: Viewer, queue: QueueDefinition, now: string, sort: QueueSort, filters: QueueFilters): Promise<string[]> {
  const index = await readyQueueIndex(db);
  return index.idsWhere(viewOrder(queue, sort), inView(queue, viewer, now, filters));
}

/** The order a view is read in. */
export const viewOrder = (queue: QueueDefinition, sort: QueueSort): EntryOrderName => SORT_ORDER[sort] ?? queue.order;

/** Whether an entry is in the queue and matches every active filter (any of its values). */
export function inView(queue: QueueDefinition, viewer: Viewer, now: string, filters: QueueFilters): (entry: QueueEntry) => boolean {
  const at = Date.parse(now);
  const active = (Object.keys(filters) as Array<keyof QueueFilters>)
    .filter((field) => filters[field].length > 0)
    .map((field) => ({ value: FILTERED[field], allowed: new Set<string>(filters[field]) }));
  return (e) => queue.member(e, viewer, at) && active.every((f) => f.allowed.has(f.value(e)));
}
