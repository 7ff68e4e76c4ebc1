import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { firstScreenShown, untilFirstScreenShown } from '../../../renderer/sync/first-screen';

describe("a first sign-in's bootstrap waits for the queue to show its first page", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const settled = (promise: Promise<void>) => {
    let done = false;
    void promise.then(() => (done = true));
    return () => done;
  };

  it('goes on as soon as the queue shows rows', async () => {
    const done = settled(untilFirstScreenShown(500));
    await vi.advanceTimersByTimeAsync(80);
    expect(done()).toBe(false);
    firstScreenShown();
    await vi.advanceTimersByTimeAsync(0);
    expect(done()).toBe(true);
  });

  it('goes on after the cap when the queue has nothing to show', async () => {
    const done = settled(untilFirstScreenShown(500));
    await vi.advanceTimersByTimeAsync(499);
    expect(done()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done()).toBe(true);
  });

  it('does not count rows shown before it began waiting', async () => {
    firstScreenShown();
    const done = settled(untilFirstScreenShown(500));
    await vi.advanceTimersByTimeAsync(100);
    expect(done()).toBe(false);
    await vi.advanceTimersByTimeAsync(400);
    expect(done()).toBe(true);
  });
});
