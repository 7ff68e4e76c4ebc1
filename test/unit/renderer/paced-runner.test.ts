import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { beginCatchUp, CATCH_UP_INTERVAL_MS } from '../../../renderer/sync/catch-up-pace';
import { PacedRunner } from '../../../renderer/sync/paced-runner';

/** A read that takes `ms` of (fake) time and counts its runs; what the queue's ids or counts would be. */
function slowRead(ms: number) {
  const read = { runs: 0, shown: [] as number[] };
  const query = () => new Promise<number>((resolve) => setTimeout(() => resolve(++read.runs), ms));
  return { read, query };
}

let runner: PacedRunner<number> | undefined;

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  runner?.stop();
  vi.useRealTimers();
});

describe('paced re-reads of the queue', () => {
  it('reads once at the start, and once more for all the writes made during a read', async () => {
    const { read, query } = slowRead(100);
    runner = new PacedRunner(query, (n) => read.shown.push(n), 0);
    await vi.advanceTimersByTimeAsync(10);
    for (let i = 0; i < 5; i++) runner.changed();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(read.shown).toEqual([1, 2]);
  });

  it('idles at least as long as a slow read took before reading again', async () => {
    const { read, query } = slowRead(300);
    runner = new PacedRunner(query, (n) => read.shown.push(n), 0);
    await vi.advanceTimersByTimeAsync(300);
    expect(read.shown).toEqual([1]);
    runner.changed();
    await vi.advanceTimersByTimeAsync(299 + 299);
    expect(read.shown).toEqual([1]);
    await vi.advanceTimersByTimeAsync(2);
    expect(read.shown).toEqual([1, 2]);
  });

  it('while the sync catches up, reads at most once a second, and at once when it is caught up', async () => {
    const { read, query } = slowRead(10);
    const caughtUp = beginCatchUp();
    try {
      runner = new PacedRunner(query, (n) => read.shown.push(n), 0);
      await vi.advanceTimersByTimeAsync(10);
      // Pages stored every 100 ms: without the catch-up's pace each would re-read the queue.
      for (let t = 0; t < 900; t += 100) {
        runner.changed();
        await vi.advanceTimersByTimeAsync(100);
      }
      expect(read.shown).toEqual([1]);
      await vi.advanceTimersByTimeAsync(CATCH_UP_INTERVAL_MS);
      expect(read.shown).toEqual([1, 2]);
      // Read 2 ran at 1 s; a write at 1.91 s waits for 2 s.
      runner.changed();
      await vi.advanceTimersByTimeAsync(50);
      expect(read.shown).toEqual([1, 2]);
    } finally {
      caughtUp();
    }
    // The read held back for the pace runs as soon as the catch-up ends.
    await vi.advanceTimersByTimeAsync(10);
    expect(read.shown).toEqual([1, 2, 3]);
  });

  it('stops reading when stopped', async () => {
    const { read, query } = slowRead(10);
    runner = new PacedRunner(query, (n) => read.shown.push(n), 0);
    await vi.advanceTimersByTimeAsync(20);
    runner.stop();
    runner.changed();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(read.shown).toEqual([1]);
  });
});
