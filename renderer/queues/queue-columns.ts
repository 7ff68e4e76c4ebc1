import { DONE_STATUSES, TICKET_STATUSES, type TicketStatus } from '../../core/ticket/status';
import type { EntryOrderName, QueueEntry } from './queue-entry';

const OPEN_STATUS = TICKET_STATUSES.map((s) => !DONE_STATUSES.has(s));
const STATUS_CODE = new Map<string, number>(TICKET_STATUSES.map((s, i) => [s, i]));

/** The typed arrays behind the columns: what a snapshot saves and a reload gets back without building objects. */
export interface ColumnArrays {
  readonly status: Uint8Array;
  readonly priority: Uint8Array;
  /** Codes into `words`. */
  readonly team: Uint32Array;
  readonly assignee: Uint32Array;
  readonly category: Uint32Array;
  readonly channel: Uint32Array;
  readonly due: Float64Array;
  readonly atRisk: Float64Array;
  readonly escalation: Float64Array;
  readonly updatedAt: Float64Array;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Empty columns for `capacity` slots. */
export function allocateColumns(capacity: number): Mutable<ColumnArrays> {
  return {
    status: new Uint8Array(capacity),
    priority: new Uint8Array(capacity),
    team: new Uint32Array(capacity),
    assignee: new Uint32Array(capacity),
    category: new Uint32Array(capacity),
    channel: new Uint32Array(capacity),
    due: new Float64Array(capacity),
    atRisk: new Float64Array(capacity),
    escalation: new Float64Array(capacity),
    updatedAt: new Float64Array(capacity),
  };
}

/**
 * Queue entries stored column by column, one slot each: 100,000 of them are a few typed arrays rather
 * than 100,000 objects, so a reload takes them from the snapshot as they were saved (a copy of each
 * array) and a queue is read by walking slot numbers. A slot is never changed once written: a ticket
 * written again gets a new slot, so the orders can still find where the old one sat.
 */
export class QueueColumns {
  size = 0;
  private cols: Mutable<ColumnArrays>;
  ids: string[];
  readonly words: string[];
  private readonly codeOf: Map<string, number>;

  private constructor(cols: Mutable<ColumnArrays>, ids: string[], words: string[], size: number) {
    this.cols = cols;
    this.ids = ids;
    this.words = words;
    this.codeOf = new Map(words.map((w, i) => [w, i]));
    this.size = size;
  }

  static empty(capacity = 1_024): QueueColumns {
    return new QueueColumns(allocateColumns(capacity), [], [], 0);
  }

  /** Columns as a snapshot saved them: slots 0 … ids.length - 1. */
  static of(arrays: ColumnArrays, ids: string[], words: string[]): QueueColumns {
    return new QueueColumns({ ...arrays }, ids, [...words], ids.length);
  }

  get arrays(): ColumnArrays {
    return this.cols;
  }

  /** Writes `entry` into a new slot and answers it. */
  add(entry: QueueEntry): number {
    if (this.size === this.cols.due.length) this.grow();
    const slot = this.size++;
    const c = this.cols;
    c.status[slot] = STATUS_CODE.get(entry.status) ?? 0;
    c.priority[slot] = entry.priority;
    c.team[slot] = this.code(entry.teamId);
    c.assignee[slot] = this.code(entry.assigneeId);
    c.category[slot] = this.code(entry.categoryId);
    c.channel[slot] = this.code(entry.channel);
    c.due[slot] = entry.due;
    c.atRisk[slot] = entry.atRisk;
    c.escalation[slot] = entry.escalation;
    c.updatedAt[slot] = entry.updatedAt;
    this.ids[slot] = entry.id;
    return slot;
  }

  /** A reader of one slot at a time (set `slot`), with no object built per entry. */
  view(): EntryView {
    return new EntryView(this);
  }

  /** The slot as a plain entry. */
  entry(slot: number): QueueEntry {
    const v = this.view();
    v.slot = slot;
    return {
      id: v.id, open: v.open, status: v.status, priority: v.priority, teamId: v.teamId, assigneeId: v.assigneeId, categoryId: v.categoryId,
      channel: v.channel, due: v.due, atRisk: v.atRisk, escalation: v.escalation, updatedAt: v.updatedAt,
    };
  }

  /** These slots, in this order, as new columns 0 … n - 1 (a snapshot's, or a compaction's). */
  copy(slots: readonly number[]): QueueColumns {
    const n = slots.length;
    const out = allocateColumns(Math.max(n, 1_024));
    const c = this.cols;
    const ids = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const s = slots[i]!;
      out.status[i] = c.status[s]!;
      out.priority[i] = c.priority[s]!;
      out.team[i] = c.team[s]!;
      out.assignee[i] = c.assignee[s]!;
      out.category[i] = c.category[s]!;
      out.channel[i] = c.channel[s]!;
      out.due[i] = c.due[s]!;
      out.atRisk[i] = c.atRisk[s]!;
      out.escalation[i] = c.escalation[s]!;
      out.updatedAt[i] = c.updatedAt[s]!;
      ids[i] = this.ids[s]!;
    }
    return new QueueColumns(out, ids, [...this.words], n);
  }

  private code(word: string): number {
    let found = this.codeOf.get(word);
    if (found === undefined) {
      found = this.words.push(word) - 1;
      this.codeOf.set(word, found);
    }
    return found;
  }

  private grow(): void {
    const bigger = allocateColumns(Math.max(1_024, this.cols.due.length * 2));
    for (const name of Object.keys(bigger) as Array<keyof ColumnArrays>) (bigger[name] as Float64Array).set(this.cols[name] as Float64Array);
    this.cols = bigger;
  }
}

/** One slot of the columns read as a QueueEntry; the queue predicates run on it for every slot in turn. */
export class EntryView implements QueueEntry {
  slot = 0;
  constructor(private readonly columns: QueueColumns) {}
  get id(): string {
    return this.columns.ids[this.slot]!;
  }
  get open(): boolean {
    return OPEN_STATUS[this.columns.arrays.status[this.slot]!]!;
  }
  get status(): TicketStatus {
    return TICKET_STATUSES[this.columns.arrays.status[this.slot]!]!;
  }
  get priority(): number {
    return this.columns.arrays.priority[this.slot]!;
  }
  get teamId(): string {
    return this.columns.words[this.columns.arrays.team[this.slot]!]!;
  }
  get assigneeId(): string {
    return this.columns.words[this.columns.arrays.assignee[this.slot]!]!;
  }
  get categoryId(): string {
    return this.columns.words[this.columns.arrays.category[this.slot]!]!;
  }
  get channel(): string {
    return this.columns.words[this.columns.arrays.channel[this.slot]!]!;
  }
  get due(): number {
    return this.columns.arrays.due[this.slot]!;
  }
  get atRisk(): number {
    return this.columns.arrays.atRisk[this.slot]!;
  }
  get escalation(): number {
    return this.columns.arrays.escalation[this.slot]!;
  }
  get updatedAt(): number {
    return this.columns.arrays.updatedAt[this.slot]!;
  }
}

/**
 * The orders of queue-entry.ts (ENTRY_ORDERS) on slots of the current columns (`at`: a compaction
 * replaces them). Each ends with the id, so no two slots of different tickets compare equal.
 */
export function slotComparator(name: EntryOrderName, at: () => QueueColumns): (a: number, b: number) => number {
  const byId = (a: number, b: number) => {
    const ids = at().ids;
    return ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0;
  };
  switch (name) {
    case 'due':
      return (a, b) => {
        const due = at().arrays.due;
        return due[a]! - due[b]! || byId(a, b);
      };
    case 'priority':
      return (a, b) => {
        const { priority, due } = at().arrays;
        return priority[a]! - priority[b]! || due[a]! - due[b]! || byId(a, b);
      };
    case 'updated':
      return (a, b) => {
        const updated = at().arrays.updatedAt;
        return updated[b]! - updated[a]! || byId(b, a);
      };
    case 'created':
      return (a, b) => byId(b, a);
    case 'escalation':
      return (a, b) => {
        const escalation = at().arrays.escalation;
        return escalation[a]! - escalation[b]! || byId(a, b);
      };
  }
}
