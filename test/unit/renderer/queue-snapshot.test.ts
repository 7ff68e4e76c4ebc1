import { describe, expect, it } from 'vitest';
import { QueueColumns } from '../../../renderer/queues/queue-columns';
import type { QueueEntry } from '../../../renderer/queues/queue-entry';
import { joinSnapshot, WholeSnapshot, type SnapshotCover, type SnapshotPart } from '../../../renderer/queues/queue-snapshot';

const entry = (n: number, fields: Partial<QueueEntry> = {}): QueueEntry => ({
  id: `ticket-${n}`, open: true, status: 'open', priority: n % 4, teamId: `team-${n % 3}`, assigneeId: n % 2 ? 'me' : '', categoryId: 'technical',
  channel: 'phone', due: 1_000 + n, atRisk: 900 + n, escalation: Number.NaN, updatedAt: 500 + n, ...fields,
});

/** Reads the joined columns back as the entries of the due order, as a reload's queue would. */
const entriesInDueOrder = (joined: NonNullable<ReturnType<typeof joinSnapshot>>) => joined.dueOrder.map((slot) => joined.columns.entry(slot));

function saved(count: number, slotsPerPart: number) {
  const columns = QueueColumns.empty(4);
  for (let n = 0; n < count; n++) columns.add(entry(n));
  const dueOrder = Array.from({ length: count }, (_, n) => count - 1 - n);
  return { columns, dueOrder, whole: new WholeSnapshot(columns, Int32Array.from(dueOrder), 42, slotsPerPart) };
}

const partsOf = (whole: WholeSnapshot) => Array.from({ length: whole.cover.parts }, (_, index) => whole.part(index));

describe('the queues snapshot in parts', () => {
  it('shows the index as it was when the save began, though tickets are written while its parts are encoded', () => {
    const { columns, dueOrder, whole } = saved(5, 2);
    const expected = dueOrder.map((slot) => columns.entry(slot));
    // Written during the save: new slots, the arrays grown past their capacity twice, and a compaction's copy.
    for (let n = 5; n < 20; n++) columns.add(entry(n, { due: 1 }));
    columns.copy([19, 3, 0]);
    const joined = joinSnapshot(whole.cover, partsOf(whole));
    expect(joined).not.toBeNull();
    expect(entriesInDueOrder(joined!)).toEqual(expected);
    expect(joined!.columns.size).toBe(5);
  });

  it('reads a damaged cover or part as no snapshot, never as wrong queues or an error', () => {
    const { whole } = saved(5, 2);
    const cover = whole.cover;
    const parts = partsOf(whole);
    expect(joinSnapshot(cover, parts)).not.toBeNull();
    const covers: Array<Partial<Record<keyof SnapshotCover, unknown>>> = [
      { size: -1, tickets: -2 },
      { tickets: 6 },
      { parts: 2 },
      { slotsPerPart: 0 },
      { words: 'team-1' },
      { writeSeq: Number.NaN },
      { format: 2 },
    ];
    for (const damage of covers) expect(joinSnapshot({ ...cover, ...damage } as SnapshotCover, parts), JSON.stringify(damage)).toBeNull();
    const damagedParts: Array<Partial<Record<keyof SnapshotPart, unknown>>> = [
      { ids: 7 },
      { ids: 'ticket-1' },
      { due: new Float64Array(1) },
      { dueOrder: [0, 1] },
      { dueOrder: Int32Array.of(0, 9) },
    ];
    for (const damage of damagedParts) {
      const withDamage = parts.map((part, i) => (i === 1 ? ({ ...part, ...damage } as SnapshotPart) : part));
      expect(joinSnapshot(cover, withDamage), JSON.stringify(damage)).toBeNull();
    }
    expect(joinSnapshot(cover, [parts[0], undefined, parts[2]])).toBeNull();
  });
});
