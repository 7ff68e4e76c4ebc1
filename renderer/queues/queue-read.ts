import type { Viewer } from '../../core/people/visibility';
import type { MirrorDb } from '../sync/mirror-db';
import { onTablesWritten } from '../sync/tables-written';
import { queueById, type QueueId } from './queue-definitions';
import type { MirrorTicket } from './queue-fields';
import { queueIndex, type HeadScope } from './queue-index';
import { inView, queueView, viewOrder, type QueueFilters, type QueueSort } from './queue-view';

/** Rows read with the ids: more than a tall window shows, with its overscan. */
export const HEAD_ROWS = 60;

/** What the queue list shows, as the agent asked for it. */
export interface QueueAsked {
  readonly queueId: QueueId;
  readonly sort: QueueSort;
  readonly filters: QueueFilters;
  /** ISO time; only the at-risk and breached queues move with it ("" for the others). */
  readonly now: string;
}

/**
 * One read of a queue: its ids in order and the first rows, for the view they were asked for. The rows go
 * into the rows the queue index keeps, where the list takes them (`head` is what they were then): read
 * again with the ids, they come from there, unless dropped since.
 */
export interface QueueRead {
  readonly view: string;
  readonly ids: string[];
  readonly head: Array<MirrorTicket | undefined>;
  /**
   * Only the queue's first screen, from the queue index's head snapshot while a reload loads the rest
   * (`ids` are those of the soonest-due tickets); the list reads the whole queue once it is there.
   */
  readonly firstScreenOnly?: true;
  /**
   * The queue is empty while the mirror holds tickets (a supervisor's My work): showing it empty is the first
   * screen. An empty queue of an empty mirror is not: a first sign-in's rows have yet to come.
   */
  readonly emptyWithTickets?: true;
}

/** The at-risk and breached queues move with the clock (`tick`, ISO); the others do not ("" for them). */
export const queueClock = (queueId: QueueId, tick: string): string => (queueId === 'at-risk' || queueId === 'breached' ? tick : '');

/**
 * Names a view: a result is used only for the view it was read for. Not by `now`: the at-risk queue is
 * read again as the clock moves, and its last result stays on screen meanwhile.
 */
export const queueViewKey = (asked: Omit<QueueAsked, 'now'>): string => `${asked.queueId}|${asked.sort}|${JSON.stringify(asked.filters)}`;

/** The queue's ids, and its first rows with them, so the first screen paints after one read, not two. */
export async function readQueue(db: MirrorDb, viewer: Viewer, asked: QueueAsked): Promise<QueueRead> {
  const ids = await queueView(db, viewer, queueById(asked.queueId), asked.now || new Date().toISOString(), asked.sort, asked.filters);
  const emptyWithTickets = ids.length === 0 && queueIndex(db).size > 0;
  return { view: queueViewKey(asked), ids, head: await queueIndex(db).rows.read(ids.slice(0, HEAD_ROWS)), ...(emptyWithTickets ? { emptyWithTickets } : {}) };
}

/** What every ticket of the queue shares, for the head snapshot's bound. */
function headScope(queueId: QueueId, viewer: Viewer): HeadScope {
  if (queueId === 'my-work') return { assigneeId: viewer.id };
  if (queueId === 'unassigned') return { assigneeId: '' };
  if (queueId === 'team' || (queueId === 'breached' && viewer.teamIds.length > 0)) return { teamIds: viewer.teamIds };
  return {};
}

/**
 * After a reload: the first screen from the queue index's head snapshot when the view is in due order
 * and the head holds a screenful of it (a few milliseconds, against 250–300 ms for the whole index of
 * 100,000 tickets while the page starts), else the whole queue.
 */
async function readFirstScreen(db: MirrorDb, viewer: Viewer, asked: QueueAsked): Promise<QueueRead> {
  const queue = queueById(asked.queueId);
  if (viewOrder(queue, asked.sort) === 'due') {
    const ids = await queueIndex(db).headIdsWhere(inView(queue, viewer, asked.now || new Date().toISOString(), asked.filters), HEAD_ROWS, headScope(asked.queueId, viewer));
    if (ids) return { view: queueViewKey(asked), ids, head: await queueIndex(db).rows.read(ids.slice(0, HEAD_ROWS)), firstScreenOnly: true };
  }
  return readQueue(db, viewer, asked);
}

interface EarlyRead {
  readonly db: MirrorDb;
  readonly viewer: Viewer;
  readonly view: string;
  readonly result: Promise<QueueRead>;
  /** The read's answer, once it has come. */
  value?: QueueRead;
  /** A ticket write committed after the read began: the read may miss it. */
  stale: boolean;
  /** The list has it: nobody else may take or show it. */
  taken: boolean;
  /** The workstation it was for has closed: nothing reads again on its behalf. */
  dropped: boolean;
  readonly stopWatching: () => void;
}

let early: EarlyRead | null = null;

const sameViewer = (a: Viewer, b: Viewer) => a.id === b.id && a.role === b.role && a.teamIds.join() === b.teamIds.join();
const matches = (read: EarlyRead, db: MirrorDb, viewer: Viewer, view: string) =>
  read.db === db && read.view === view && sameViewer(read.viewer, viewer) && !read.stale && !read.taken && !read.dropped;

/**
 * Starts the queue's first read as the page starts, before React has rendered anything: after a reload
 * the read used to begin only once the whole workstation had rendered (about 100 ms of the reload on
 * the bench machine), and IndexedDB can answer while the page renders. The queue list takes it if it
 * asks for the same view of the same mirror for the same person, and no ticket was written since.
 */
export function startEarlyQueueRead(db: MirrorDb, viewer: Viewer, asked: QueueAsked): void {
  forgetEarlyQueueRead();
  const result = readFirstScreen(db, viewer, asked);
  const read: EarlyRead = {
    db, viewer, view: queueViewKey(asked), result, stale: false, taken: false, dropped: false,
    stopWatching: onTablesWritten(db, ['tickets'], () => void (read.stale = true)),
  };
  result.then(
    (value) => void (read.value = value),
    () => undefined, // the list reads again when it takes it
  );
  early = read;
}

/** The early read's answer if it has come and still stands for this view: the list's first render shows it. */
export function peekEarlyQueueRead(db: MirrorDb, viewer: Viewer, view: string): QueueRead | undefined {
  return early && matches(early, db, viewer, view) ? early.value : undefined;
}

/**
 * The read started early for this view, once (a failed one is read again), or null when there is none
 * that still stands. The list then watches for writes itself: it subscribes in the same step.
 */
export function takeEarlyQueueRead(db: MirrorDb, viewer: Viewer, asked: QueueAsked): Promise<QueueRead> | null {
  const read = early;
  if (!read || !matches(read, db, viewer, queueViewKey(asked))) return null;
  read.taken = true;
  read.stopWatching();
  return read.result.catch((error: unknown) => {
    if (read.dropped) throw error;
    return readQueue(db, viewer, asked);
  });
}

/** The workstation closed (a sign-out): the early read is dropped, and one taken that failed is not read again. */
export function forgetEarlyQueueRead(): void {
  if (early) {
    early.dropped = true;
    early.stopWatching();
  }
  early = null;
}
