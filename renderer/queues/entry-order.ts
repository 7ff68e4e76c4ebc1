/** Changes applied one by one (a binary search and a splice each); more are merged in one pass. */
const SPLICE_AT_MOST = 32;

/**
 * The queue entries' slots (QueueColumns) in one order, kept sorted as tickets change, so reading a queue
 * is a filter over an ordered array instead of a sort of 75,000 entries after every triage key. Changes
 * are collected and applied when the order is next read: a bootstrap's pages cost one merge per read,
 * not a splice per row. A slot's values never change, so an old slot can still be found to be removed.
 */
export class EntryOrder {
  private list: number[] = [];
  private added: number[] = [];
  private readonly removed = new Set<number>();

  constructor(
    private readonly compare: (a: number, b: number) => number,
    /** Only entries this holds are in the order (the escalations order holds open escalations only; absent: all). */
    private readonly holds?: (entry: number) => boolean,
  ) {}

  /** A ticket's entry moved to another slot (`before` undefined: new; `after` undefined: gone). */
  replace(before: number | undefined, after: number | undefined): void {
    if (before !== undefined && (!this.holds || this.holds(before))) this.removed.add(before);
    if (after !== undefined && (!this.holds || this.holds(after))) this.added.push(after);
  }

  /** Starts over from these slots, in any order; `sorted`: already in this order (a snapshot's). */
  rebuild(slots: Iterable<number>, sorted = false): void {
    this.list = this.holds ? [...slots].filter(this.holds) : Array.from(slots);
    if (!sorted) this.list.sort(this.compare);
    this.added = [];
    this.removed.clear();
  }

  /** Remaps every slot (a compaction moved them), keeping the order. */
  remap(to: Int32Array): void {
    this.entries();
    this.list = this.list.map((slot) => to[slot]!);
  }

  entries(): readonly number[] {
    if (this.added.length === 0 && this.removed.size === 0) return this.list;
    const added = this.added.filter((e) => !this.removed.has(e)).sort(this.compare);
    const removedFromList = this.removed.size - (this.added.length - added.length);
    if (added.length + removedFromList <= SPLICE_AT_MOST) {
      for (const entry of this.removed) {
        const at = this.find(entry);
        if (this.list[at] === entry) this.list.splice(at, 1);
      }
      for (const entry of added) this.list.splice(this.find(entry), 0, entry);
    } else {
      this.list = merge(
        this.list.filter((e) => !this.removed.has(e)),
        added,
        this.compare,
      );
    }
    this.added = [];
    this.removed.clear();
    return this.list;
  }

  /** Where `entry` is, or would go. */
  private find(entry: number): number {
    let low = 0;
    let high = this.list.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.compare(this.list[mid]!, entry) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

function merge(a: readonly number[], b: readonly number[], compare: (x: number, y: number) => number): number[] {
  const out = new Array<number>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = compare(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}
