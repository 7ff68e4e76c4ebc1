import Dexie, { type ObservabilitySet } from 'dexie';
import type { Viewer } from '../../core/people/visibility';
import type { MirrorDb } from '../sync/mirror-db';
import { queueById, type QueueId } from './queue-definitions';
import type { MirrorTicket } from './queue-fields';
import { queueView, type QueueFilters, type QueueSort } from './queue-view';

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

/** One read of a queue: its ids in order and the first rows, for the view they were asked for. */
export interface QueueRead {
  readonly view: string;
  readonly ids: string[];
  readonly head: Array<MirrorTicket | undefined>;
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
  return { view: queueViewKey(asked), ids, head: await db.tickets.bulkGet(ids.slice(0, HEAD_ROWS)) };
}

interface EarlyRead {
  readonly db: MirrorDb;
  readonly view: string;
  readonly result: Promise<QueueRead>;
  /** The read's answer, once it has come. */
  value?: QueueRead;
  /** A ticket write committed after the read began: the read may miss it. */
  stale: boolean;
  readonly stopWatching: () => void;
}

let early: EarlyRead | null = null;

/**
 * Starts the queue's first read as the page starts, before React has rendered anything: after a reload
 * the read used to begin only once the whole workstation had rendered (about 100 ms of the reload on
 * the bench machine), and IndexedDB can answer while the page renders. The queue list takes it with
 * `takeEarlyQueueRead` if it asks for the same view of the same mirror and no ticket was written since.
 */
export function startEarlyQueueRead(db: MirrorDb, viewer: Viewer, asked: QueueAsked): void {
  early?.stopWatching();
  const prefix = `idb://${db.name}/tickets/`;
  const read: EarlyRead = { db, view: queueViewKey(asked), result: readQueue(db, viewer, asked), stale: false, stopWatching: () => Dexie.on('storagemutated').unsubscribe(onMutated) };
  function onMutated(parts: ObservabilitySet): void {
    if (Object.keys(parts).some((part) => part.startsWith(prefix))) read.stale = true;
  }
  Dexie.on('storagemutated', onMutated);
  read.result.then(
    (value) => void (read.value = value),
    () => undefined, // the queue list reads again
  );
  early = read;
}

/** The early read's answer for this view of this mirror if it has come and is still current: the list's first render shows it. */
export function peekEarlyQueueRead(db: MirrorDb, view: string): QueueRead | undefined {
  return early && early.db === db && early.view === view && !early.stale ? early.value : undefined;
}

/** The read started early for this view of this mirror, once, unless a ticket write may have outdated it. */
export function takeEarlyQueueRead(db: MirrorDb, view: string): Promise<QueueRead> | null {
  const read = early;
  if (!read) return null;
  early = null;
  read.stopWatching();
  return read.db === db && read.view === view && !read.stale ? read.result : null;
}
