/**
 * The queue's first screen, as a bootstrap sees it. After storing its first page a bootstrap waits until
 * the queue has read and shown that page's rows, up to a cap, before writing the next: IndexedDB runs a
 * read after any write begun before it, so the queue's reads of the first page waited behind the 2,500-row
 * writes of the pages after it, for 2.5 of 3.3 s in two of five first sign-ins (performance.md, "Seventh
 * session"). The cap bounds the wait when the queue has nothing to show.
 */
const waiting = new Set<() => void>();
let shownOnce = false;

/** The queue has its first screen up: rows, or an empty queue of a mirror that holds tickets (QueueList). */
export function firstScreenShown(): void {
  shownOnce = true;
  for (const done of [...waiting]) done();
}

/** Resolves at the next firstScreenShown (not an earlier one), or after `capMs`. */
export function untilFirstScreenShown(capMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      waiting.delete(done);
      resolve();
    };
    const timer = setTimeout(done, capMs);
    waiting.add(done);
  });
}

/**
 * Resolves once the queue has shown its first screen since the page loaded (at once if it already has), or after
 * `capMs`. Reads that can wait (queue counts, SLA alert checks) start here, so after a reload they do not
 * compete with the queue's own first reads.
 */
export function afterFirstScreen(capMs: number): Promise<void> {
  if (shownOnce) return Promise.resolve();
  // Once one wait has run out, the first screen is over for everyone: later callers do not wait again.
  return untilFirstScreenShown(capMs).then(() => void (shownOnce = true));
}
