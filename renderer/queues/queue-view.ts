import Dexie from 'dexie';
import type { Viewer } from '../../core/people/visibility';
import type { Channel } from '../../core/ticket/channel';
import { priorityRank, type Priority } from '../../core/ticket/priority';
import type { TicketStatus } from '../../core/ticket/status';
import type { MirrorDb } from '../sync/mirror-db';
import type { QueueDefinition } from './queue-definitions';

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

const MIN = Dexie.minKey;
const MAX = Dexie.maxKey;

/** The ids matching one filter, from an index: key-only reads, never rows. */
async function matching(db: MirrorDb, field: keyof QueueFilters, values: readonly string[]): Promise<Set<string>> {
  const prefixed = (index: string, value: string | number, width: number) =>
    db.tickets.where(index).between([value, ...Array<unknown>(width).fill(MIN)], [value, ...Array<unknown>(width).fill(MAX)]).primaryKeys();
  const lists = await Promise.all(
    values.map((value) => {
      switch (field) {
        case 'priority':
          return prefixed('[qPriority+qDue]', priorityRank(value as Priority), 1);
        case 'teamId':
          return prefixed('[qTeam+qOpen+qDue]', value, 2);
        case 'assigneeId':
          return prefixed('[qAssignee+qOpen+qDue]', value, 2);
        default:
          return db.tickets.where(field).equals(value).primaryKeys();
      }
    }),
  );
  return new Set(lists.flat());
}

/**
 * Ids of the whole mirror in another order, kept only where they are in the queue. Most recently updated
 * first walks the queue's own half of [qOpen+updatedAt] (ties: the later id first): a queue holds open
 * tickets or done ones, and no `updatedAt` index of its own is kept for every ticket write to update.
 */
async function reorder(db: MirrorDb, queue: QueueDefinition, ids: readonly string[], sort: QueueSort): Promise<string[]> {
  if (sort === 'due') return [...ids];
  // Ticket ids are UUIDv7: their order is creation order.
  if (sort === 'created') return [...ids].sort().reverse();
  const members = new Set(ids);
  const open = queue.holdsDone ? 0 : 1;
  const ordered =
    sort === 'priority'
      ? await db.tickets.orderBy('[qPriority+qDue]').primaryKeys()
      : await db.tickets.where('[qOpen+updatedAt]').between([open, MIN], [open, MAX]).reverse().primaryKeys();
  return ordered.filter((id) => members.has(id));
}

/**
 * The queue as the agent asked to see it: the queue's own ids, narrowed by each active filter's index
 * and put in the chosen order by walking that order's index. Everything is keys, so a 100,000-ticket
 * mirror costs a few key scans, not a load of rows into memory.
 */
export async function queueView(db: MirrorDb, viewer: Viewer, queue: QueueDefinition, now: string, sort: QueueSort, filters: QueueFilters): Promise<string[]> {
  let ids = await queue.keys(db, viewer, now);
  for (const field of Object.keys(filters) as Array<keyof QueueFilters>) {
    const values = filters[field];
    if (values.length === 0) continue;
    const allowed = await matching(db, field, values);
    ids = ids.filter((id) => allowed.has(id));
  }
  return reorder(db, queue, ids, sort);
}
