import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { beginCatchUp, CATCH_UP_HOLD_MS, CATCH_UP_READ_SHARE } from '../../../renderer/sync/catch-up-pace';
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

  it('while the sync catches up, holds re-reads for its first seconds, then reads at most once a second', async () => {
    const { read, query } = slowRead(10);
    const caughtUp = beginCatchUp();
    try {
      runner = new PacedRunner(query, (n) => read.shown.push(n), 0);
      await vi.advanceTimersByTimeAsync(10);
      // Pages stored every 100 ms (a drain): without the catch-up's pace each would re-read the queue.
      for (let t = 0; t < CATCH_UP_HOLD_MS - 100; t += 100) {
        runner.changed();
        await vi.advanceTimersByTimeAsync(100);
      }
      expect(read.shown).toEqual([1]);
      await vi.advanceTimersByTimeAsync(200);
      expect(read.shown).toEqual([1, 2]);
      // Read 2 started at the end of the hold (5 s); a write at 5.9 s waits for 6 s.
      await vi.advanceTimersByTimeAsync(790);
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

  it('while the sync catches up, leaves a slow read nine tenths of the time to the pages', async () => {
    // All open at 100,000 tickets: its ids and counts took about 500 ms.
    const { read, query } = slowRead(500);
    runner = new PacedRunner(query, (n) => read.shown.push(n), 0);
    await vi.advanceTimersByTimeAsync(500);
    expect(read.shown).toEqual([1]);
    const caughtUp = beginCatchUp();
    try {
      await vi.advanceTimersByTimeAsync(CATCH_UP_HOLD_MS);
      runner.changed();
      // Read 1 took 500 ms, so reads start at least 5 s apart (a tenth of the time): read 2 at once, as
      // the hold is over (5.5 s), and read 3 not before 10.5 s.
      const gap = 500 / CATCH_UP_READ_SHARE;
      await vi.advanceTimersByTimeAsync(500);
      expect(read.shown).toEqual([1, 2]);
      runner.changed();
      await vi.advanceTimersByTimeAsync(gap - 600);
      expect(read.shown).toEqual([1, 2]);
      await vi.advanceTimersByTimeAsync(700);
      expect(read.shown).toEqual([1, 2, 3]);
    } finally {
      caughtUp();
    }
  });

  it('holds back a re-read already waiting when a catch-up starts (a drain\'s first page)', async () => {
    const { read, query } = slowRead(100);
    runner = new PacedRunner(query, (n) => read.shown.push(n), 0);
    await vi.advanceTimersByTimeAsync(100);
    // A write, then the catch-up begins before its re-read's timer fires.
    runner.changed();
    const caughtUp = beginCatchUp();
    try {
      await vi.advanceTimersByTimeAsync(CATCH_UP_HOLD_MS - 100);
      expect(read.shown).toEqual([1]);
    } finally {
      caughtUp();
    }
    await vi.advanceTimersByTimeAsync(150);
    expect(read.shown).toEqual([1, 2]);
  });

  it('keeps its pace when the wall clock is set back (an NTP step, a time-zone fix by hand)', async () => {
    const { read, query } = slowRead(100);
    runner = new PacedRunner(query, (n) => read.shown.push(n), 0);
    await vi.advanceTimersByTimeAsync(100);
    // The clock goes back an hour after the read: paced by it, the next re-read would wait that hour.
    vi.setSystemTime(Date.now() - 3_600_000);
    runner.changed();
    await vi.advanceTimersByTimeAsync(250);
    expect(read.shown).toEqual([1, 2]);
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
