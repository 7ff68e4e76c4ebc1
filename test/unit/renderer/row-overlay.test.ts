import { afterEach, describe, expect, it } from 'vitest';
import type { MirrorTicket } from '../../../renderer/queues/queue-fields';
import { overlaid, rowOverlay } from '../../../renderer/workstation/row-overlay';

const row = { id: 't1', priority: 'low', status: 'open', assigneeId: null } as unknown as MirrorTicket;

afterEach(() => {
  for (const id of Object.keys(rowOverlay().patches)) rowOverlay().settled(id);
});

describe('row overlay: a triage key shows on the row before the mirror answers', () => {
  it('shows the pressed value over the stored row until the mirror shows it too', () => {
    rowOverlay().applied('t1', { priority: 'critical' });
    const settled: string[] = [];
    expect(overlaid(row, rowOverlay().patches, settled).priority).toBe('critical');
    expect(settled).toEqual([]);

    const caughtUp = { ...row, priority: 'critical' } as MirrorTicket;
    expect(overlaid(caughtUp, rowOverlay().patches, settled)).toBe(caughtUp);
    expect(settled).toEqual(['t1']);
  });

  it('a refused change is taken back, but never a newer key press on the same ticket', () => {
    const first = rowOverlay().applied('t1', { priority: 'high' });
    rowOverlay().applied('t1', { assigneeId: 'u-me' });
    rowOverlay().settled('t1', first);
    expect(overlaid(row, rowOverlay().patches)).toMatchObject({ priority: 'high', assigneeId: 'u-me' });

    const third = rowOverlay().applied('t1', { status: 'pending_customer' });
    rowOverlay().settled('t1', third);
    expect(overlaid(row, rowOverlay().patches)).toBe(row);
  });
});
