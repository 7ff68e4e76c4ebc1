import type { Role } from '../../core/people/user';
import type { Viewer } from '../../core/people/visibility';
import type { ActionId } from '../hotkeys/keymap';
import type { MirrorDb } from '../sync/mirror-db';
import { ACKNOWLEDGED_ESCALATION, type EntryOrderName, type QueueEntry } from './queue-entry';
import { readyQueueIndex } from './queue-index';

export const QUEUE_IDS = ['my-work', 'team', 'unassigned', 'at-risk', 'escalated', 'breached', 'all-open', 'done'] as const;
export type QueueId = (typeof QUEUE_IDS)[number];

/** Whether an entry is in a queue, for this viewer at `now` (epoch ms; only the at-risk and breached queues use it). */
export type QueueMember = (entry: QueueEntry, viewer: Viewer, now: number) => boolean;

export interface QueueDefinition {
  readonly id: QueueId;
  readonly label: string;
  readonly goto: ActionId;
  /** How the queue is ordered when it is not by SLA due time (named in the sort menu). */
  readonly ownOrder?: string;
  /** Shown only to these roles (all when absent). */
  readonly forRoles?: readonly Role[];
  /** It holds resolved and closed tickets; every other queue holds open ones only. */
  readonly holdsDone?: true;
  /** The queue's own order. */
  readonly order: EntryOrderName;
  readonly member: QueueMember;
  /** Ticket ids in display order, from the in-memory queue index. `now` (ISO) moves the at-risk and breached queues. */
  keys(db: MirrorDb, viewer: Viewer, now: string): Promise<string[]>;
}

type Defined = Omit<QueueDefinition, 'keys'>;

function queue(definition: Defined): QueueDefinition {
  return {
    ...definition,
    keys: async (db, viewer, now) => {
      const at = Date.parse(now);
      return (await readyQueueIndex(db)).idsWhere(definition.order, (e) => definition.member(e, viewer, at));
    },
  };
}

const inTeams = (entry: QueueEntry, viewer: Viewer) => viewer.teamIds.includes(entry.teamId);

/** An open ticket whose due time has passed (paused clocks never count), of the viewer's teams; a supervisor or admin in no team oversees every team. */
const breached: QueueMember = (e, viewer, now) => e.open && e.due < now && (viewer.teamIds.length === 0 || inTeams(e, viewer));

/** Unacknowledged escalations: the tray's count for supervisors. */
export const unacknowledgedEscalation = (entry: QueueEntry): boolean => entry.escalation < ACKNOWLEDGED_ESCALATION;

export const QUEUES: readonly QueueDefinition[] = [
  queue({ id: 'my-work', label: 'My work', goto: 'goto.myWork', order: 'due', member: (e, viewer) => e.open && e.assigneeId === viewer.id }),
  queue({ id: 'team', label: 'Team queue', goto: 'goto.team', order: 'due', member: (e, viewer) => e.open && inTeams(e, viewer) }),
  queue({ id: 'unassigned', label: 'Unassigned', goto: 'goto.unassigned', order: 'due', member: (e) => e.open && e.assigneeId === '' }),
  // Open tickets whose at-risk mark has passed (breached ones too), soonest due first.
  queue({ id: 'at-risk', label: 'At risk', goto: 'goto.atRisk', order: 'due', member: (e, _viewer, now) => e.open && e.atRisk <= now }),
  queue({
    id: 'escalated',
    label: 'Escalated',
    goto: 'goto.escalated',
    ownOrder: 'Unacknowledged first, longest waiting',
    order: 'escalation',
    member: (e) => !Number.isNaN(e.escalation),
  }),
  queue({ id: 'breached', label: 'SLA breaches', goto: 'goto.breached', forRoles: ['supervisor', 'admin'], order: 'due', member: breached }),
  queue({ id: 'all-open', label: 'All open', goto: 'goto.allOpen', order: 'due', member: (e) => e.open }),
  // Most recently finished first.
  queue({ id: 'done', label: 'Resolved / Closed', goto: 'goto.done', holdsDone: true, order: 'updated', member: (e) => !e.open }),
];

/**
 * How many tickets each of these queues holds for this viewer at `now` (ISO), in their order: kept by the
 * queue index as tickets are written, so reading them again after a write reads no ticket.
 */
export async function queueCounts(db: MirrorDb, viewer: Viewer, now: string, queues: readonly QueueDefinition[]): Promise<number[]> {
  const at = Date.parse(now);
  const index = await readyQueueIndex(db);
  const name = `queues|${queues.map((q) => q.id).join()}|${viewer.id}|${viewer.role}|${viewer.teamIds.join()}|${at}`;
  return index.tally(name, queues.map((q) => (e: QueueEntry) => q.member(e, viewer, at)));
}

/** How many open escalations nobody has acknowledged: the tray's count for supervisors. */
export async function unacknowledgedCount(db: MirrorDb): Promise<number> {
  const [count] = (await readyQueueIndex(db)).tally('unacknowledged', [unacknowledgedEscalation]);
  return count!;
}

export const queuesFor = (role: Role): readonly QueueDefinition[] => QUEUES.filter((q) => !q.forRoles || q.forRoles.includes(role));

export function queueById(id: QueueId): QueueDefinition {
  return QUEUES.find((q) => q.id === id)!;
}
