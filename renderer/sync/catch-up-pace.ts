/**
 * Whether the sync engine is catching up (a bootstrap, an outbox drain, a pull of more than one page),
 * and so how often the queue's big re-reads may run. Each page stored while catching up rewrites
 * hundreds of tickets and the next one follows within a second; re-reading the whole queue after each
 * (75,000 ids for All open, and every queue's count) took IndexedDB's time from the pages themselves
 * and made a drain 15 % slower. The agent's own changes are on screen at once either way (the local
 * mutators write them), and each visible row still updates live; only the order and the counts wait.
 */
export const CATCH_UP_INTERVAL_MS = 1_000;
/**
 * While catching up, re-reads start at least ten times as long apart as the last one took, so they have at
 * most a tenth of IndexedDB's time. Chromium runs one database's requests one after another: at 100,000 tickets the All
 * open ids and the counts took 400-670 ms, and once a second that was half of a drain's time, with the
 * engine's own small reads queued behind them (docs/performance.md, "Tenth session").
 */
export const CATCH_UP_READ_SHARE = 0.1;
/**
 * No re-read in a catch-up's first five seconds: a drain of 1,000 changes is over in three to five at
 * 100,000 tickets, and a re-read 2.5 s in (a tenth of a 250 ms read's time) ran into its last pages.
 */
export const CATCH_UP_HOLD_MS = 5_000;

let depth = 0;
let startedAt = 0;
const listeners = new Set<(catchingUp: boolean) => void>();

function notify(): void {
  for (const listener of listeners) listener(depth > 0);
}

/** Counts the engine as catching up until the returned function is called (once; later calls do nothing). */
export function beginCatchUp(): () => void {
  if (depth++ === 0) {
    startedAt = performance.now();
    notify();
  }
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

/** When the current catch-up began (performance.now(): a monotonic clock, unmoved by changes to the wall clock), or null when the engine is not catching up. */
export function catchUpStartedAt(): number | null {
  return depth > 0 ? startedAt : null;
}

/** Told when catching up starts and ends; returns the unsubscribe. */
export function onCatchUpChange(listener: (catchingUp: boolean) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Resolves at once when the engine is not catching up, else when the catch-up ends. */
export function catchUpOver(): Promise<void> {
  if (depth === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = onCatchUpChange((busy) => {
      if (busy) return;
      stop();
      resolve();
    });
  });
}
