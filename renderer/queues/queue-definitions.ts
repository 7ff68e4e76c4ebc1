import Dexie from 'dexie';
import type { Viewer } from '../../core/people/visibility';
import type { ActionId } from '../hotkeys/keymap';
import type { MirrorDb } from '../sync/mirror-db';

export const QUEUE_IDS = ['my-work', 'team', 'unassigned', 'escalated', 'all-open', 'done'] as const;
export type QueueId = (typeof QUEUE_IDS)[number];

export interface QueueDefinition {
  readonly id: QueueId;
  readonly label: string;
  readonly goto: ActionId;
  /** Ticket ids in display order, from one ordered index range per team at most: never whole rows. */
  keys(db: MirrorDb, viewer: Viewer): Promise<string[]>;
  count(db: MirrorDb, viewer: Viewer): Promise<number>;
}

const MIN = Dexie.minKey;
const MAX = Dexie.maxKey;

/** Open tickets of one index prefix, oldest due first. */
function openRange(db: MirrorDb, index: string, prefix: readonly (string | number)[]) {
  return db.tickets.where(index).between([...prefix, 1, MIN], [...prefix, 1, MAX]);
}

/** Several teams' ranges merged by due time (each range is already ordered). */
async function teamKeys(db: MirrorDb, viewer: Viewer): Promise<string[]> {
  const ranges = await Promise.all(
    viewer.teamIds.map(async (team) => {
      const range = openRange(db, '[qTeam+qOpen+qDue]', [team]);
      const [dues, ids] = await Promise.all([range.keys(), range.primaryKeys()]);
      return ids.map((id, i) => ({ id, due: String((dues[i] as unknown[])[2]) }));
    }),
  );
  return ranges
    .flat()
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.id < b.id ? -1 : 1))
    .map((r) => r.id);
}

export const QUEUES: readonly QueueDefinition[] = [
  {
    id: 'my-work',
    label: 'My work',
    goto: 'goto.myWork',
    keys: (db, viewer) => openRange(db, '[qAssignee+qOpen+qDue]', [viewer.id]).primaryKeys(),
    count: (db, viewer) => openRange(db, '[qAssignee+qOpen+qDue]', [viewer.id]).count(),
  },
  {
    id: 'team',
    label: 'Team queue',
    goto: 'goto.team',
    keys: teamKeys,
    count: async (db, viewer) => (await Promise.all(viewer.teamIds.map((team) => openRange(db, '[qTeam+qOpen+qDue]', [team]).count()))).reduce((a, b) => a + b, 0),
  },
  {
    id: 'unassigned',
    label: 'Unassigned',
    goto: 'goto.unassigned',
    keys: (db) => openRange(db, '[qAssignee+qOpen+qDue]', ['']).primaryKeys(),
    count: (db) => openRange(db, '[qAssignee+qOpen+qDue]', ['']).count(),
  },
  {
    id: 'escalated',
    label: 'Escalated',
    goto: 'goto.escalated',
    keys: (db) => openRange(db, '[qEscalated+qOpen+qDue]', [1]).primaryKeys(),
    count: (db) => openRange(db, '[qEscalated+qOpen+qDue]', [1]).count(),
  },
  {
    id: 'all-open',
    label: 'All open',
    goto: 'goto.allOpen',
    keys: (db) => db.tickets.where('[qOpen+qDue]').between([1, MIN], [1, MAX]).primaryKeys(),
    count: (db) => db.tickets.where('[qOpen+qDue]').between([1, MIN], [1, MAX]).count(),
  },
  {
    id: 'done',
    label: 'Resolved / Closed',
    goto: 'goto.done',
    // Most recently finished first.
    keys: (db) => db.tickets.where('[qOpen+updatedAt]').between([0, MIN], [0, MAX]).reverse().primaryKeys(),
    count: (db) => db.tickets.where('[qOpen+updatedAt]').between([0, MIN], [0, MAX]).count(),
  },
];

export function queueById(id: QueueId): QueueDefinition {
  return QUEUES.find((q) => q.id === id)!;
}
