import { idleStretch, type IdleStretch } from '../app/idle-stretch';
import type { MirrorDb } from '../sync/mirror-db';
import { joinSnapshot, type SnapshotCover, type SnapshotPart, type WholeSnapshot } from './queue-snapshot';

/** The whole index's cover. */
export const SNAPSHOT_KEY = 'queues';
/** The soonest-due tickets alone, a small record a reload reads first (QueueIndex.headIdsWhere). */
export const HEAD_SNAPSHOT_KEY = 'queues-head';
/** Parts are `queues#<save>#000000` onwards: below the head's key, above the cover's. */
const PARTS = `${SNAPSHOT_KEY}#`;
const PARTS_END = `${PARTS}\uffff`;

/** Zero-padded, so a save's keys sort as its parts do. */
function partKey(saveId: string, index: number): string {
  return `${PARTS}${saveId}#${String(index).padStart(6, '0')}`;
}

/** More parts than ten million tickets make: a cover claiming so many is damaged. */
const MAX_PARTS = 20_000;
/** Idle time a batch of parts waits for; and how long it waits before taking a shorter stretch. */
const IDLE_WANTED_MS = 4;
const IDLE_WAIT_AT_MOST_MS = 1_000;
/** Left of a stretch for the page's own work after the parts. */
const IDLE_SPARE_MS = 1;
/**
 * At most this much of a stretch goes to parts: an idle page's stretches are 50 ms long, and a key pressed
 * in one waits until the work in it is done (a local search's target is 50 ms from key to results).
 */
const SLICE_AT_MOST_MS = 6;
/** Choosing and encoding the head (about 10 ms at 100,000 tickets), then putting it with the cover (about 1 MB): each waits for a longer stretch. */
const HEAD_IDLE_WANTED_MS = 12;
const COVER_IDLE_WANTED_MS = 10;
/** Encoding and copying a part of 600 slots on the bench machine, before anything is measured. */
const FIRST_GUESS_MS_PER_PART = 1;

/** A save given up: the index was cleared or let go of while it ran, or another window's save took its parts. */
class SaveGivenUp extends Error {}

/** When a save may go on. */
export interface SaveTerms {
  /** False once the save is of no use (the index was cleared or let go of): it is given up. */
  readonly current: () => boolean;
  /** Whether the save may take IndexedDB's time now (not during a sync catch-up)… */
  readonly free: () => boolean;
  /** …and when it may again. */
  readonly untilFree: () => Promise<void>;
}

/** An idle stretch in which the save is free to go on. */
async function freeIdleStretch(terms: SaveTerms, needMs: number): Promise<IdleStretch> {
  for (;;) {
    await terms.untilFree();
    const idle = await idleStretch(needMs, IDLE_WAIT_AT_MOST_MS);
    // A catch-up may have begun during the wait for idle time.
    if (terms.free()) return idle;
  }
}

/**
 * Stores the whole snapshot and the head without holding the page: parts are encoded and put in its idle
 * time, as many at once as the stretch has room for (measured as they go), each batch in its own
 * transaction. The cover and the head then go in one transaction, which also drops the parts of every other
 * save, so a reload reads either this save whole or the one before it whole. Answers false, leaving the
 * snapshot stored before, when `current` turns false on the way or another window's save took the parts.
 */
export async function storeSnapshot(db: MirrorDb, whole: WholeSnapshot, head: () => unknown, terms: SaveTerms): Promise<boolean> {
  const { current } = terms;
  const { cover } = whole;
  let msPerPart = FIRST_GUESS_MS_PER_PART;
  for (let index = 0; index < cover.parts; ) {
    const idle = await freeIdleStretch(terms, IDLE_WANTED_MS);
    if (!current()) return false;
    const count = Math.max(1, Math.min(cover.parts - index, Math.floor(Math.min(idle.timeRemaining() - IDLE_SPARE_MS, SLICE_AT_MOST_MS) / msPerPart)));
    const started = performance.now();
    const rows = Array.from({ length: count }, (_, i) => ({ key: partKey(cover.saveId, index + i), value: whole.part(index + i) }));
    // IndexedDB copies the records as they are put, before this call returns: on this thread, in this stretch.
    const stored = db.snapshots.bulkPut(rows);
    msPerPart = Math.max(0.05, (performance.now() - started) / count);
    index += count;
    await stored;
  }
  await freeIdleStretch(terms, HEAD_IDLE_WANTED_MS);
  if (!current()) return false;
  const headRecord = head();
  await freeIdleStretch(terms, COVER_IDLE_WANTED_MS);
  if (!current()) return false;
  try {
    await db.transaction('rw', db.snapshots, async () => {
      // Put first, so IndexedDB copies them in this idle stretch; the transaction takes them back (and this
      // put then fails, unheard) when the parts are not all there.
      const covered = db.snapshots.bulkPut([
        { key: SNAPSHOT_KEY, value: cover },
        { key: HEAD_SNAPSHOT_KEY, value: headRecord },
      ]);
      covered.catch(() => undefined);
      const own = db.snapshots.where('key').between(partKey(cover.saveId, 0), partKey(cover.saveId, cover.parts));
      if ((await own.count()) !== cover.parts) throw new SaveGivenUp();
      await covered;
      // Every other save's parts: the one this replaces, and any that did not finish.
      await db.snapshots.where('key').between(PARTS, partKey(cover.saveId, 0)).delete();
      await db.snapshots.where('key').between(partKey(cover.saveId, cover.parts), PARTS_END, true, true).delete();
    });
    return true;
  } catch (error) {
    if (error instanceof SaveGivenUp) return false;
    throw error;
  }
}

/** The whole snapshot's columns and due order, and the write sequence it holds; null when none is stored or it cannot be read. */
export async function readWholeSnapshot(db: MirrorDb): Promise<(NonNullable<ReturnType<typeof joinSnapshot>> & { writeSeq: number }) | null> {
  // One transaction: a save by another window cannot replace the parts between the cover and them.
  const stored = await db.transaction('r', db.snapshots, async () => {
    const cover = (await db.snapshots.get(SNAPSHOT_KEY))?.value as SnapshotCover | undefined;
    if (!cover || typeof cover.saveId !== 'string' || !Number.isSafeInteger(cover.parts) || cover.parts < 0 || cover.parts > MAX_PARTS) return null;
    // A get each, each answered in its own task: the page is not held while 9 MB are copied out.
    const parts = await db.snapshots.bulkGet(Array.from({ length: cover.parts }, (_, index) => partKey(cover.saveId, index)));
    return { cover, parts: parts.map((row) => row?.value as SnapshotPart | undefined) };
  });
  if (!stored) return null;
  try {
    const joined = joinSnapshot(stored.cover, stored.parts);
    return joined && { ...joined, writeSeq: stored.cover.writeSeq };
  } catch {
    // Damaged past what the checks look for: read as none, so the index is built from the rows and saved again.
    return null;
  }
}

export async function readHeadSnapshot(db: MirrorDb): Promise<unknown> {
  return (await db.snapshots.get(HEAD_SNAPSHOT_KEY))?.value;
}

/** Every record of the queues' snapshots: cover, parts and head. */
export function deleteSnapshots(db: MirrorDb): Promise<number> {
  return db.snapshots.where('key').startsWith(SNAPSHOT_KEY).delete();
}
