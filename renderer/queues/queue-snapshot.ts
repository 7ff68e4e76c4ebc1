import { QueueColumns, type ColumnArrays } from './queue-columns';

/** Bumped whenever the columns or their encoding change: an older snapshot is ignored and the index rebuilt from the rows. */
export const SNAPSHOT_FORMAT = 2;

/**
 * The queue index's columns as they are (QueueColumns), with the slots of the tickets it holds in SLA due
 * order, saved in the mirror so a reload has its queues in one read of a few megabytes instead of 100,000
 * rows. Typed arrays are copied in and out whole, without an object per ticket; the ids are one string.
 */
export interface QueueSnapshot extends ColumnArrays {
  readonly format: number;
  /** Every ticket written with a write sequence at or below this one is in the snapshot. */
  readonly writeSeq: number;
  /** Slots in the columns (tickets written again since hold more than one; `dueOrder` names the current). */
  readonly size: number;
  /** The id of every slot, joined by newlines. */
  readonly ids: string;
  /** The distinct teams, people, categories and channels the columns hold codes of. */
  readonly words: readonly string[];
  /** The current slot of each ticket, soonest due first. */
  readonly dueOrder: Int32Array;
}

export function encodeSnapshot(columns: QueueColumns, dueOrder: readonly number[], writeSeq: number): QueueSnapshot {
  return {
    format: SNAPSHOT_FORMAT,
    writeSeq,
    size: columns.size,
    ids: columns.ids.slice(0, columns.size).join('\n'),
    words: [...columns.words],
    dueOrder: Int32Array.from(dueOrder),
    ...columns.trimmed(),
  };
}

const COLUMN_NAMES: ReadonlyArray<keyof ColumnArrays> = ['status', 'priority', 'team', 'assignee', 'category', 'channel', 'due', 'atRisk', 'escalation', 'updatedAt'];

/** The columns back, with the due order; null when the snapshot is of another format or damaged. */
export function decodeSnapshot(snapshot: QueueSnapshot): { columns: QueueColumns; dueOrder: number[] } | null {
  if (snapshot.format !== SNAPSHOT_FORMAT) return null;
  const ids = snapshot.size === 0 ? [] : snapshot.ids.split('\n');
  if (ids.length !== snapshot.size || COLUMN_NAMES.some((name) => snapshot[name]?.length !== snapshot.size)) return null;
  if (snapshot.dueOrder.some((slot) => slot < 0 || slot >= snapshot.size)) return null;
  const arrays = Object.fromEntries(COLUMN_NAMES.map((name) => [name, snapshot[name]])) as unknown as ColumnArrays;
  return { columns: QueueColumns.of(arrays, ids, [...snapshot.words]), dueOrder: Array.from(snapshot.dueOrder) };
}
