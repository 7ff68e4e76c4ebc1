import type { QueueEntry } from './queue-entry';

/**
 * How many entries each of a few tests keeps (the queue counts of one viewer at one moment), counted
 * once and then kept as tickets are written: each write takes the ticket's old entry out and its new
 * one in, a few tests each, where recounting read every entry for every queue (5–9 ms per triage key
 * at 100,000 tickets; docs/performance.md, "Nineteenth session").
 */
export class QueueTally {
  private readonly counts: number[];

  constructor(private readonly keeps: ReadonlyArray<(entry: QueueEntry) => boolean>) {
    this.counts = keeps.map(() => 0);
  }

  /** An entry now in the index. */
  add(entry: QueueEntry): void {
    this.keeps.forEach((keep, i) => {
      if (keep(entry)) this.counts[i]!++;
    });
  }

  /** An entry no longer in the index (its ticket written again, or deleted). */
  remove(entry: QueueEntry): void {
    this.keeps.forEach((keep, i) => {
      if (keep(entry)) this.counts[i]!--;
    });
  }

  /** The counts, in the order of the tests (a copy: a later write does not change what a reader holds). */
  read(): number[] {
    return [...this.counts];
  }
}
