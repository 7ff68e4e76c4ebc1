import Dexie from 'dexie';
import type { Role } from '../../core/people/user';
import type { Viewer } from '../../core/people/visibility';
import type { ActionId } from '../hotkeys/keymap';
import type { MirrorDb } from '../sync/mirror-db';

export const QUEUE_IDS = ['my-work', 'team', 'unassigned', 'at-risk', 'escalated', 'breached', 'all-open', 'done'] as const;
export type QueueId = (typeof QUEUE_IDS)[number];

export interface QueueDefinition {
  readonly id: QueueId;
  readonly label: string;
  readonly goto: ActionId;
  /** How `keys` orders the queue when it is not by SLA due time (named in the sort menu). */
  readonly ownOrder?: string;
  /** Shown only to these roles (all when absent). */
  readonly forRoles?: readonly Role[];
  /** It holds resolved and closed tickets; every other queue holds open ones only. */
  readonly holdsDone?: true;
  /**
   * Ticket ids in display order, from one ordered index range per team at most: never whole rows.
   * `now` (ISO) only matters to the at-risk queue, whose membership moves with the clock.
   */
  keys(db: MirrorDb, viewer: Viewer, now: string): Promise<string[]>;
  count(db: MirrorDb, viewer: Viewer, now: string): Promise<number>;
}

const MIN = Dexie.minKey;
const MAX = Dexie.maxKey;

/** Open tickets of one index prefix, oldest due first. */
function openRange(db: MirrorDb, index: string, prefix: readonly (string | number)[]) {
  return db.tickets.where(index).between([...prefix, 1, MIN], [...prefix, 1, MAX]);
}

type Range = ReturnType<typeof openRange>;

/** Ids of index ranges ordered by the due time held in each index key (at `dueAt`), ties by id. */
async function byDue(ranges: readonly Range[], dueAt: number): Promise<string[]> {
  const found = await Promise.all(
    ranges.map(async (range) => {
      const [keys, ids] = await Promise.all([range.keys(), range.primaryKeys()]);
      return ids.map((id, i) => ({ id, due: String((keys[i] as unknown[])[dueAt]) }));
    }),
  );
  return found
    .flat()
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.id < b.id ? -1 : 1))
    .map((r) => r.id);
}

/** Several teams' ranges merged by due time. */
const teamKeys = (db: MirrorDb, viewer: Viewer) => byDue(viewer.teamIds.map((team) => openRange(db, '[qTeam+qOpen+qDue]', [team])), 2);

/** Open tickets whose at-risk mark has passed (breached ones too), soonest due first. */
const atRiskRange = (db: MirrorDb, now: string) => db.tickets.where('[qOpen+qAtRisk+qDue]').between([1, MIN, MIN], [1, now, MAX], true, true);

/** Open escalations: `qEscalation` is undefined (unindexed) for every other ticket, or "" in rows stored before mirror version 6. */
const escalations = (db: MirrorDb) => db.tickets.where('qEscalation').above('');

/** Unacknowledged escalations ("0…" sorts before "1…"): the tray's count for supervisors. */
export const unacknowledgedEscalations = (db: MirrorDb) => db.tickets.where('qEscalation').between('0', '1');

/**
 * Open tickets of the viewer's teams whose SLA due time has passed, most overdue first; a supervisor
 * or admin in no team oversees every team. Paused clocks ("~…") never count as breached.
 */
function breachRanges(db: MirrorDb, viewer: Viewer, now: string) {
  if (viewer.teamIds.length === 0) return [db.tickets.where('[qOpen+qDue]').between([1, MIN], [1, now])];
  return viewer.teamIds.map((team) => db.tickets.where('[qTeam+qOpen+qDue]').between([team, 1, MIN], [team, 1, now]));
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
    id: 'at-risk',
    label: 'At risk',
    goto: 'goto.atRisk',
    keys: (db, _viewer, now) => byDue([atRiskRange(db, now)], 2),
    count: (db, _viewer, now) => atRiskRange(db, now).count(),
  },
  {
    id: 'escalated',
    label: 'Escalated',
    goto: 'goto.escalated',
    ownOrder: 'Unacknowledged first, longest waiting',
    keys: (db) => escalations(db).primaryKeys(),
    count: (db) => escalations(db).count(),
  },
  {
    id: 'breached',
    label: 'SLA breaches',
    goto: 'goto.breached',
    forRoles: ['supervisor', 'admin'],
    keys: (db, viewer, now) => byDue(breachRanges(db, viewer, now), viewer.teamIds.length > 0 ? 2 : 1),
    count: async (db, viewer, now) => (await Promise.all(breachRanges(db, viewer, now).map((range) => range.count()))).reduce((a, b) => a + b, 0),
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
    holdsDone: true,
    // Most recently finished first.
    keys: (db) => db.tickets.where('[qOpen+updatedAt]').between([0, MIN], [0, MAX]).reverse().primaryKeys(),
    count: (db) => db.tickets.where('[qOpen+updatedAt]').between([0, MIN], [0, MAX]).count(),
  },
];

export const queuesFor = (role: Role): readonly QueueDefinition[] => QUEUES.filter((q) => !q.forRoles || q.forRoles.includes(role));

export function queueById(id: QueueId): QueueDefinition {
  return QUEUES.find((q) => q.id === id)!;
}
