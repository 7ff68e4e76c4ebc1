import type { MirrorTicket } from './queue-fields';

/** Rows kept: many screens of the queue, about 1 MB. */
const ROWS_KEPT = 1_000;

type Read = (ids: string[]) => Promise<Array<MirrorTicket | undefined>>;

/**
 * The mirror's rows of the tickets the queue has shown lately, kept as they are written: the feed hands
 * over every committed write (queue-feed.ts, via the queue index), so after a triage key the list shows
 * the written row without reading it back, and reads only the rows it has never had. Reading the window's
 * rows again after each write (a live query per window) and the queue's first rows with each re-read of
 * its ids cost 9–10 ms of a triage key's work at 100,000 tickets (docs/performance.md, "Nineteenth session").
 */
export class TicketRows {
  /** By id, least recently used first; null: read or deleted, not in the mirror. */
  private readonly rows = new Map<string, MirrorTicket | null>();
  private readonly watchers = new Map<string, Set<() => void>>();
  /** Reads from the mirror under way, by the ids they read. */
  private readonly reading = new Map<string, Promise<void>>();
  /** The write each id being read last had: what the read found is older than it. */
  private readonly writtenAt = new Map<string, number>();
  private writes = 0;
  /** Bumped with every change of what is kept: a reader that rendered before it watched can tell it missed one. */
  version = 0;

  constructor(private readonly readRows: Read) {}

  /** The row as last read or written; undefined when it is not kept or not in the mirror. */
  get(id: string): MirrorTicket | undefined {
    return this.rows.get(id) ?? undefined;
  }

  /** These rows, the kept ones as they are, the others read from the mirror (undefined: not there). */
  async read(ids: readonly string[]): Promise<Array<MirrorTicket | undefined>> {
    this.startReading(ids);
    await Promise.all(new Set(ids.map((id) => this.reading.get(id)).filter((read) => read !== undefined)));
    return ids.map((id) => this.touch(id));
  }

  /** Starts reading the rows of these ids that are neither kept nor being read; their watchers hear when they come. */
  fetch(ids: readonly string[]): void {
    // A failed read (a closed mirror) is tried again by a later fetch: the window moving, or a row of it written.
    this.startReading(ids)?.catch(() => undefined);
  }

  /** Calls `changed` when one of these rows is read, written or deleted, or the table cleared; answers the unsubscribe. */
  watch(ids: readonly string[], changed: () => void): () => void {
    for (const id of ids) {
      let set = this.watchers.get(id);
      if (!set) this.watchers.set(id, (set = new Set()));
      set.add(changed);
    }
    return () => {
      for (const id of ids) {
        const set = this.watchers.get(id);
        set?.delete(changed);
        if (set?.size === 0) this.watchers.delete(id);
      }
    };
  }

  /** Committed writes: a row kept, watched or being read takes the written value (a deleted one: none). */
  written(puts: readonly MirrorTicket[], deletes: readonly string[]): void {
    const write = ++this.writes;
    const told = new Set<() => void>();
    const take = (id: string, row: MirrorTicket | null) => {
      if (this.reading.has(id)) this.writtenAt.set(id, write);
      else if (!this.rows.has(id) && !this.watchers.has(id)) return;
      this.keep(id, row);
      for (const watcher of this.watchers.get(id) ?? []) told.add(watcher);
    };
    for (const row of puts) take(row.id, row);
    for (const id of deletes) take(id, null);
    for (const watcher of told) watcher();
  }

  /** The table was cleared: nothing kept stands, and reads under way may bring back rows from before. */
  cleared(): void {
    this.forget([...this.rows.keys(), ...this.reading.keys(), ...this.watchers.keys()]);
  }

  /** Written where the feed could not see the rows (another window, while the queue index was not loaded): read again. */
  forget(ids: Iterable<string>): void {
    const write = ++this.writes;
    this.version++;
    const told = new Set<() => void>();
    for (const id of ids) {
      this.rows.delete(id);
      if (this.reading.has(id)) this.writtenAt.set(id, write);
      for (const watcher of this.watchers.get(id) ?? []) told.add(watcher);
    }
    for (const watcher of told) watcher();
  }

  private startReading(ids: readonly string[]): Promise<void> | undefined {
    const missing = ids.filter((id) => !this.rows.has(id) && !this.reading.has(id));
    if (missing.length === 0) return undefined;
    const since = this.writes;
    const read = this.readRows(missing).then(
      (found) => {
        const told = new Set<() => void>();
        missing.forEach((id, i) => {
          // Written (or deleted, or the table cleared) while the read ran: that is newer than what it found.
          if ((this.writtenAt.get(id) ?? -1) <= since) this.keep(id, found[i] ?? null);
          for (const watcher of this.watchers.get(id) ?? []) told.add(watcher);
        });
        this.done(missing);
        for (const watcher of told) watcher();
      },
      (error: unknown) => {
        this.done(missing);
        throw error;
      },
    );
    for (const id of missing) this.reading.set(id, read);
    return read;
  }

  private done(ids: readonly string[]): void {
    for (const id of ids) {
      this.reading.delete(id);
      this.writtenAt.delete(id);
    }
  }

  /** Kept as the most recently used; the least recently used row nobody watches goes when there are too many. */
  private keep(id: string, row: MirrorTicket | null): void {
    this.version++;
    this.rows.delete(id);
    this.rows.set(id, row);
    if (this.rows.size <= ROWS_KEPT) return;
    for (const old of this.rows.keys()) {
      if (this.watchers.has(old)) continue;
      this.rows.delete(old);
      return;
    }
  }

  /** The kept row, now the most recently used. */
  private touch(id: string): MirrorTicket | undefined {
    const row = this.rows.get(id);
    if (row === undefined) return undefined;
    this.rows.delete(id);
    this.rows.set(id, row);
    return row ?? undefined;
  }
}
