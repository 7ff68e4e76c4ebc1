import { newId } from '../../core/ids';
import { allocateColumns, QueueColumns, type ColumnArrays } from './queue-columns';

/** Bumped whenever the columns or their encoding change: an older snapshot is ignored and the index rebuilt from the rows. */
export const SNAPSHOT_FORMAT = 3;

/**
 * The queue index's columns as they are (QueueColumns), with the slots of the tickets it holds in SLA due
 * order, saved in the mirror so a reload has its queues in a few reads of a few megabytes instead of 100,000
 * rows. Typed arrays are copied in and out whole, without an object per ticket; the ids are one string.
 * The head snapshot (the soonest-due tickets) is one such record.
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

/**
 * The whole index is stored as this cover and `parts` records of `slotsPerPart` slots each (the last fewer):
 * IndexedDB copies a record on the page's main thread when it is put, about 120 ms for the 9 MB of 100,000
 * tickets, so one record held the page that long. Parts are put in the page's idle time, as many at once as
 * it has room for (queue-snapshot-store.ts).
 */
export interface SnapshotCover extends Pick<QueueSnapshot, 'format' | 'writeSeq' | 'size' | 'words'> {
  /** Names this save's parts: a save that did not finish leaves the cover before it, and its parts, whole. */
  readonly saveId: string;
  readonly parts: number;
  readonly slotsPerPart: number;
  /** How many tickets the index holds: the length of the due order, which the parts hold in pieces. */
  readonly tickets: number;
}

/** Slots `index * slotsPerPart` onwards of the columns, and the same stretch of the due order. */
export interface SnapshotPart extends ColumnArrays {
  /** The id of every slot, joined by newlines. */
  readonly ids: string;
  readonly dueOrder: Int32Array;
}

const COLUMN_NAMES: ReadonlyArray<keyof ColumnArrays> = ['status', 'priority', 'team', 'assignee', 'category', 'channel', 'due', 'atRisk', 'escalation', 'updatedAt'];

function sliced(arrays: ColumnArrays, from: number, to: number): ColumnArrays {
  return Object.fromEntries(COLUMN_NAMES.map((name) => [name, arrays[name].slice(from, to)])) as unknown as ColumnArrays;
}

/** The head snapshot: these columns whole, in one record. */
export function encodeSnapshot(columns: QueueColumns, dueOrder: readonly number[], writeSeq: number): QueueSnapshot {
  return {
    format: SNAPSHOT_FORMAT,
    writeSeq,
    size: columns.size,
    ids: columns.ids.slice(0, columns.size).join('\n'),
    words: [...columns.words],
    dueOrder: Int32Array.from(dueOrder),
    ...sliced(columns.arrays, 0, columns.size),
  };
}

/** The columns back, with the due order; null when the snapshot is of another format or damaged. */
export function decodeSnapshot(snapshot: QueueSnapshot): { columns: QueueColumns; dueOrder: number[] } | null {
  if (snapshot.format !== SNAPSHOT_FORMAT) return null;
  const ids = snapshot.size === 0 ? [] : snapshot.ids.split('\n');
  if (ids.length !== snapshot.size || COLUMN_NAMES.some((name) => snapshot[name]?.length !== snapshot.size)) return null;
  if (!(snapshot.dueOrder instanceof Int32Array) || !validDueOrder(snapshot.dueOrder, snapshot.size)) return null;
  const arrays = Object.fromEntries(COLUMN_NAMES.map((name) => [name, snapshot[name]])) as unknown as ColumnArrays;
  return { columns: QueueColumns.of(arrays, ids, [...snapshot.words]), dueOrder: Array.from(snapshot.dueOrder) };
}

/**
 * The whole index as it is at construction, to store as a cover and parts. The parts are encoded when
 * asked for, later: a slot is never changed once written, and growing or compacting the columns makes new
 * arrays, so the first `size` slots of the arrays held here stay as they were.
 */
export class WholeSnapshot {
  readonly cover: SnapshotCover;
  private readonly arrays: ColumnArrays;
  private readonly ids: readonly string[];
  private readonly dueOrder: Int32Array;

  /** `dueOrder`: the due order at the save, not to be changed after (the index's own changes with every write). */
  constructor(columns: QueueColumns, dueOrder: Int32Array, writeSeq: number, slotsPerPart: number) {
    this.arrays = columns.arrays;
    this.ids = columns.ids;
    this.dueOrder = dueOrder;
    const { size } = columns;
    const parts = Math.ceil(size / slotsPerPart);
    this.cover = { format: SNAPSHOT_FORMAT, saveId: newId(), writeSeq, size, words: [...columns.words], parts, slotsPerPart, tickets: dueOrder.length };
  }

  part(index: number): SnapshotPart {
    const from = index * this.cover.slotsPerPart;
    const to = Math.min(this.cover.size, from + this.cover.slotsPerPart);
    return { ids: this.ids.slice(from, to).join('\n'), dueOrder: this.dueOrder.slice(from, to), ...sliced(this.arrays, from, to) };
  }
}

/** The columns back from a cover and its parts, with the due order; null when any is of another format, missing or damaged. */
export function joinSnapshot(cover: SnapshotCover, parts: ReadonlyArray<SnapshotPart | undefined>): { columns: QueueColumns; dueOrder: number[] } | null {
  if (!validCover(cover) || parts.length !== cover.parts) return null;
  const arrays = allocateColumns(cover.size);
  const ids: string[] = [];
  const dueOrder: number[] = [];
  for (const [index, part] of parts.entries()) {
    const from = index * cover.slotsPerPart;
    const length = Math.min(cover.size, from + cover.slotsPerPart) - from;
    if (!part || typeof part.ids !== 'string' || length <= 0 || COLUMN_NAMES.some((name) => part[name]?.length !== length)) return null;
    const partIds = part.ids.split('\n');
    if (partIds.length !== length || !(part.dueOrder instanceof Int32Array)) return null;
    for (const name of COLUMN_NAMES) (arrays[name] as Float64Array).set(part[name] as Float64Array, from);
    for (const id of partIds) ids.push(id);
    for (const slot of part.dueOrder) dueOrder.push(slot);
  }
  if (ids.length !== cover.size || dueOrder.length !== cover.tickets || !validDueOrder(dueOrder, cover.size)) return null;
  return { columns: QueueColumns.of(arrays, ids, [...cover.words]), dueOrder };
}

function validCover(cover: SnapshotCover): boolean {
  const { size, tickets, slotsPerPart, parts } = cover;
  return (
    cover.format === SNAPSHOT_FORMAT &&
    Number.isSafeInteger(size) && size >= 0 &&
    Number.isSafeInteger(tickets) && tickets >= 0 && tickets <= size &&
    Number.isSafeInteger(slotsPerPart) && slotsPerPart >= 1 &&
    parts === Math.ceil(size / slotsPerPart) &&
    Number.isFinite(cover.writeSeq) &&
    Array.isArray(cover.words) && cover.words.every((word) => typeof word === 'string')
  );
}

function validDueOrder(dueOrder: ArrayLike<number>, size: number): boolean {
  for (let i = 0; i < dueOrder.length; i++) if (!(dueOrder[i]! >= 0 && dueOrder[i]! < size)) return false;
  return true;
}
