/** A stretch of the page's idle time, between frames (IdleDeadline). */
export interface IdleStretch {
  /** Milliseconds left of it. */
  timeRemaining(): number;
}

/** Node (tests) has no frames to keep: a turn of the event loop, with no idle time promised. */
const NO_IDLE_KNOWN: IdleStretch = { timeRemaining: () => 0 };

/**
 * Resolves in the page's idle time: at the first stretch with at least `needMs` free, or, once `atMostMs`
 * have passed, at the next one however short, so work still gets done on a page that stays busy. Work
 * begun when it resolves, before anything else is awaited, runs in that stretch: the frames around it are
 * not held up. Without requestIdleCallback (Node), on the next turn of the event loop.
 */
export function idleStretch(needMs: number, atMostMs: number): Promise<IdleStretch> {
  if (typeof requestIdleCallback !== 'function') return new Promise((resolve) => setTimeout(() => resolve(NO_IDLE_KNOWN), 0));
  const giveUpAt = performance.now() + atMostMs;
  return new Promise((resolve) => {
    const ask = () =>
      requestIdleCallback(
        (deadline) => {
          if (deadline.timeRemaining() >= needMs || performance.now() >= giveUpAt) resolve(deadline);
          else ask();
        },
        { timeout: Math.max(1, giveUpAt - performance.now()) },
      );
    ask();
  });
}
