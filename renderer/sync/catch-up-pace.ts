/**
 * Whether the sync engine is catching up (a bootstrap, an outbox drain, a pull of more than one page),
 * and so how often the queue's big re-reads may run. Each page stored while catching up rewrites
 * hundreds of tickets and the next one follows within a second; re-reading the whole queue after each
 * (75,000 ids for All open, and every queue's count) took IndexedDB's time from the pages themselves
 * and made a drain 15 % slower. The agent's own changes are on screen at once either way (the local
 * mutators write them), and each visible row still updates live; only the order and the counts wait.
 */
export const CATCH_UP_INTERVAL_MS = 1_000;

let depth = 0;
const listeners = new Set<(catchingUp: boolean) => void>();

function notify(): void {
  for (const listener of listeners) listener(depth > 0);
}

/** Counts the engine as catching up until the returned function is called (once; later calls do nothing). */
export function beginCatchUp(): () => void {
  if (depth++ === 0) notify();
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    if (--depth === 0) notify();
  };
}

export function catchingUp(): boolean {
  return depth > 0;
}

/** Told when catching up starts and ends; returns the unsubscribe. */
export function onCatchUpChange(listener: (catchingUp: boolean) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
