import { CATCH_UP_INTERVAL_MS, catchingUp, onCatchUpChange } from './catch-up-pace';

/**
 * Runs a big read again after writes, paced: at most once per `minIntervalMs`, idle at least as long as
 * the read itself took (so a slow read takes at most half of IndexedDB's time), at most once a
 * second while the sync engine catches up (catch-up-pace.ts), and at once when it is done. Writes during
 * a read make one more read after it, not one each. The pacing behind usePacedLiveQuery, without React.
 */
export class PacedRunner<T> {
  private live = true;
  private running = false;
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private nextAllowed = 0;
  private lastStarted = 0;
  private lastTook = 0;
  private readonly stopPacing: () => void;

  constructor(
    private readonly query: () => Promise<T>,
    private readonly onResult: (result: T) => void,
    private readonly minIntervalMs: number,
  ) {
    // Caught up: a read held back for the catch-up's pace runs now, not up to a second later.
    this.stopPacing = onCatchUpChange((busy) => {
      if (busy || this.timer === undefined) return;
      clearTimeout(this.timer);
      this.timer = undefined;
      this.nextAllowed = this.paceFrom();
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
      }, Math.max(0, this.nextAllowed - Date.now()));
    }
  }

  stop(): void {
    this.live = false;
    clearTimeout(this.timer);
    this.stopPacing();
  }

  private paceFrom(): number {
    return this.lastStarted + Math.max(this.minIntervalMs, 2 * this.lastTook, catchingUp() ? CATCH_UP_INTERVAL_MS : 0);
  }

  private async run(): Promise<void> {
    this.running = true;
    this.dirty = false;
    const started = Date.now();
    try {
      const result = await this.query();
      if (this.live) this.onResult(result);
    } catch {
      // The last result stays on screen; the next write runs the read again.
    } finally {
      this.lastStarted = started;
      this.lastTook = Date.now() - started;
      this.nextAllowed = this.paceFrom();
      this.running = false;
      if (this.dirty) this.changed();
    }
  }
}
