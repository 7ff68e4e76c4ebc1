import type { MirrorDb } from './mirror-db';

const KEY = 'arrivedEvents';
/** Beyond this many unread arrivals the oldest are dropped: whoever reads them groups them anyway. */
const KEEP = 2_000;

/**
 * Ticket events that reached the mirror through the pull stream, in arrival order, until someone reads
 * them (escalation news: the engine records only escalations and their answers). Not the bootstrap (that
 * is history) and not the agent's own optimistic changes. Written in the pull page's transaction, so an arrival is never lost to a crash, and taken in
 * one transaction, so two tabs never both announce the same event. Arrival order matters because an
 * event's id carries the time it was made, which for an offline colleague can be hours ago.
 */
export async function recordArrivals(db: MirrorDb, eventIds: readonly string[]): Promise<void> {
  if (eventIds.length === 0) return;
  const waiting = ((await db.meta.get(KEY))?.value as string[] | undefined) ?? [];
  await db.meta.put({ key: KEY, value: [...waiting, ...eventIds].slice(-KEEP) });
}

export function takeArrivals(db: MirrorDb): Promise<string[]> {
  return db.transaction('rw', db.meta, async () => {
    const waiting = ((await db.meta.get(KEY))?.value as string[] | undefined) ?? [];
    if (waiting.length > 0) await db.meta.delete(KEY);
    return waiting;
  });
}

/** How many wait to be read: a live query on it wakes the reader as soon as a pull lands. */
export async function arrivalCount(db: MirrorDb): Promise<number> {
  return (((await db.meta.get(KEY))?.value as string[] | undefined) ?? []).length;
}
