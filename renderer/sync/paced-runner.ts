import { CATCH_UP_HOLD_MS, CATCH_UP_INTERVAL_MS, CATCH_UP_READ_SHARE, catchUpStartedAt, onCatchUpChange } from './catch-up-pace';

/**
 * Runs a big read again after writes, paced: at most once per `minIntervalMs`, idle at least as long as
 * the read itself took (so a slow read takes at most half of IndexedDB's time). While the sync engine
 * catches up (catch-up-pace.ts): not in its first five seconds (or ten times the last read's time), then
 * at most once a second and with at most a tenth of the time; when it is done, at the pace above. Writes
 * during a read make one more read after it, not one each. The pacing behind usePacedLiveQuery, without
 * React.
 */
export class PacedRunner<T> {
  private live = true;
  private running = false;
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastStarted = 0;
  private lastTook = 0;
  private readonly stopPacing: () => void;

  constructor(
    private readonly query: () => Promise<T>,
    private readonly onResult: (result: T) => void,
    private readonly minIntervalMs: number,
  ) {
    // A read already waiting is timed again: held back when a catch-up starts (a drain's first page
    // would otherwise re-read at once), and at the usual pace, not seconds later, when it ends.
    this.stopPacing = onCatchUpChange(() => {
      if (this.timer === undefined) return;
      clearTimeout(this.timer);
      this.timer = undefined;
      this.changed();
    });
    void this.run();
  }

  /** Something the read depends on was written. */
  changed(): void {
    if (!this.live) return;
    if (this.running) this.dirty = true;
    else if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.run();
      }, Math.max(0, this.paceFrom() - performance.now()));
    }
  }

  stop(): void {
    this.live = false;
    clearTimeout(this.timer);
    this.stopPacing();
  }

  /** When the next read may start. */
  private paceFrom(): number {
    const idle = this.lastStarted + Math.max(this.minIntervalMs, 2 * this.lastTook);
    const catchUpFrom = catchUpStartedAt();
    if (catchUpFrom === null) return idle;
    const gap = Math.max(CATCH_UP_INTERVAL_MS, this.lastTook / CATCH_UP_READ_SHARE);
    return Math.max(idle, this.lastStarted + gap, catchUpFrom + Math.max(gap, CATCH_UP_HOLD_MS));
  }

  private async run(): Promise<void> {
    this.running = true;
    this.dirty = false;
    const started = performance.now();
    try {
      const result = await this.query();
      if (this.live) this.onResult(result);
    } catch {
      // The last result stays on screen; the next write runs the read again.
    } finally {
      this.lastStarted = started;
      this.lastTook = performance.now() - started;
      this.running = false;
      if (this.dirty) this.changed();
    }
  }
}
