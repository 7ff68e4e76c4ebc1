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
 * Every ticket, most recently updated first (ties: the later id first), from the open and the done
 * halves of [qOpen+updatedAt] merged: no index of its own for every ticket write to update. A queue
 * holds open tickets or done ones, so only one half is long.
 */
async function latestUpdatedFirst(db: MirrorDb): Promise<string[]> {
  const halves = await Promise.all(
    [1, 0].map(async (open) => {
      const range = db.tickets.where('[qOpen+updatedAt]').between([open, MIN], [open, MAX]).reverse();
      const [keys, ids] = await Promise.all([range.keys(), range.primaryKeys()]);
      return ids.map((id, i) => ({ id, at: String((keys[i] as unknown[])[1]) }));
    }),
  );
  const [a, b] = halves as [Array<{ id: string; at: string }>, Array<{ id: string; at: string }>];
  const later = (x: { id: string; at: string }, y: { id: string; at: string }) => x.at > y.at || (x.at === y.at && x.id > y.id);
  const merged: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) merged.push(j >= b.length || (i < a.length && later(a[i]!, b[j]!)) ? a[i++]!.id : b[j++]!.id);
  return merged;
}

/** Ids of the whole mirror in another order, kept only where they are in the queue. */
async function reorder(db: MirrorDb, ids: readonly string[], sort: QueueSort): Promise<string[]> {
  if (sort === 'due') return [...ids];
  // Ticket ids are UUIDv7: their order is creation order.
  if (sort === 'created') return [...ids].sort().reverse();
  const members = new Set(ids);
  const ordered = sort === 'priority' ? await db.tickets.orderBy('[qPriority+qDue]').primaryKeys() : await latestUpdatedFirst(db);
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
  return reorder(db, ids, sort);
}
