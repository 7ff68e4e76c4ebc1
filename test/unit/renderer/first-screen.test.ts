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

describe('reads that can wait start once the queue has shown its first rows', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.resetModules();
  });
  afterEach(() => vi.useRealTimers());

  it('wait for the first screen of the page, then start at once for the rest of its life', async () => {
    const screen = await import('../../../renderer/sync/first-screen');
    let counted = false;
    void screen.afterFirstScreen(1_000).then(() => (counted = true));
    await vi.advanceTimersByTimeAsync(200);
    expect(counted).toBe(false);
    screen.firstScreenShown();
    await vi.advanceTimersByTimeAsync(0);
    expect(counted).toBe(true);

    let later = false;
    void screen.afterFirstScreen(1_000).then(() => (later = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(later).toBe(true);
  });

  it('start after the cap when the queue shows nothing', async () => {
    const screen = await import('../../../renderer/sync/first-screen');
    let counted = false;
    void screen.afterFirstScreen(1_000).then(() => (counted = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(counted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(counted).toBe(true);

    // The first screen is over once a wait ran out: a read that starts later does not wait again.
    let later = false;
    void screen.afterFirstScreen(1_000).then(() => (later = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(later).toBe(true);
  });
});
