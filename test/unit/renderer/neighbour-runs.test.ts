import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../../renderer/sync/mirror-db';
import { neighbourRuns } from '../../../renderer/sync/sync-engine';

const outbox = (...ids: number[]) => ids.map((id) => ({ id }) as OutboxEntry);

describe('confirmed outbox entries deleted as runs of neighbours', () => {
  it('makes one run of a confirmed head, however far apart its ids are', () => {
    expect(neighbourRuns(outbox(3, 4, 9, 12, 13), new Set([3, 4, 9]))).toEqual([[3, 9]]);
  });

  it('never lets a run cover an entry that is not confirmed', () => {
    expect(neighbourRuns(outbox(1, 2, 3, 4, 5, 6), new Set([1, 2, 4, 6]))).toEqual([[1, 2], [4, 4], [6, 6]]);
    expect(neighbourRuns(outbox(1, 2), new Set())).toEqual([]);
  });
});
