import type { MirrorDb } from '../sync/mirror-db';
import { catchingUp, catchUpOver, onCatchUpChange } from '../sync/catch-up-pace';
import { afterFirstScreen } from '../sync/first-screen';
import { indexCaughtUp } from '../sync/tables-written';
import { DEFERRED_READ_CAP_MS } from '../sync/use-after-first-screen';
import type { MirrorTicket } from './queue-fields';
import { EntryOrder } from './entry-order';
import { QueueColumns, slotComparator } from './queue-columns';
import { queueEntry, type EntryOrderName, type QueueEntry } from './queue-entry';
import { decodeSnapshot, encodeSnapshot, WholeSnapshot, type QueueSnapshot } from './queue-snapshot';
import { deleteSnapshots, readHeadSnapshot, readWholeSnapshot, storeSnapshot } from './queue-snapshot-store';
import { QueueTally } from './queue-tally';
import { TicketRows } from './ticket-rows';

/** Rows read per step when the index is built from the rows (no usable snapshot). */
const LOAD_CHUNK = 2_000;
/** The snapshot is saved once writes have paused this long… */
const SAVE_IDLE_MS = 1_500;
/** …or at the latest this long after the first write it lacks. */
const SAVE_AT_MOST_MS = 20_000;

/**
 * The head snapshot holds the soonest-due tickets, and the soonest-due open tickets of every assignee and
 * every team, so each queue's first screen (My work, a team's, All open, At risk, breaches) is in it: about
 * 1 MB at 100,000 tickets, read in tens of milliseconds, against about 9 MB for the whole (240–310 ms while
 * a reloading page starts, on the bench machine).
 */
const HEAD_SOONEST = 5_000;
const HEAD_PER_ASSIGNEE_OR_TEAM = 100;
/** Tallies kept at once: the queue counts at the clock's moment and the one before (it moves every 30 s), the tray's, a spare. */
const TALLIES_KEPT = 4;

/**
 * Every ticket's queue entry, in memory, kept current by the tickets table's feed (queue-feed.ts): the
 * queues, their filters, sorts and counts are read from here, so IndexedDB keeps no index per queue
 * for every ticket write to update (a bootstrap at 100,000 tickets spent half its time on them;
 * docs/performance.md). A reload reads the snapshot the index saves of itself, then the rows written
 * since (by their write sequence), instead of 100,000 rows.
 */
export class QueueIndex {
  /** Slots of tickets written again (or deleted) since are dropped once there are this many and more than live ones. */
  static compactFrom = 50_000;
  /** After a load from a snapshot, the stored ids are compared with it this much later (after the first screen). */
  static reconcileAfterMs = 3_000;
  /**
   * Slots per record of the saved snapshot: about 55 KB, encoded and copied by IndexedDB in well under 1 ms on
   * the bench machine, and below the 64 KB from which Chromium writes a record to a file of its own.
   */
  static slotsPerSnapshotPart = 600;
  private columns = QueueColumns.empty();
  /** Each ticket's current slot; built when first needed (a reload's first screen reads none). */
  private slots: Map<string, number> | null = new Map();
  /** Slots of tickets since written again or deleted. */
  private deadSlots = 0;
  private readonly orders = new Map<EntryOrderName, EntryOrder>();
  /** Counts kept current by every write, by the name their asker gave them (oldest asked first). */
  private readonly tallies = new Map<string, QueueTally>();
  private state: 'cold' | 'loading' | 'ready' = 'cold';
  private loading: Promise<void> | null = null;
  private generation = 0;
  /** Tickets written while the load runs: the load's older copy of them must not win. */
  private readonly writtenDuringLoad = new Set<string>();
  /** Write transactions on the tickets table not yet committed or aborted. */
  private readonly inFlight = new Map<object, PendingWrite>();
  private lastSeq = 0;
  /** The highest write sequence whose write is applied here. */
  private appliedSeq = 0;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private unsavedSince = 0;
  private saving: Promise<void> = Promise.resolve();
  /** A save asked for while another runs, not yet begun (saveNow). */
  private nextSave: Promise<void> | null = null;
  /** Waiting for a catch-up to end before saving (the unsubscribe). */
  private afterCatchUp: (() => void) | null = null;
  /** While the full snapshot is read: the head snapshot, if it came first. */
  private head: { readonly columns: QueueColumns; readonly dueOrder: readonly number[]; readonly bounds: HeadBounds } | null = null;
  private headRead: Promise<void> | null = null;
  /** A first screen was answered from the head: readers hear when the whole index is there. */
  private answeredFromHead = false;
  /** Lets a load waiting for the head's first screen go on at once. */
  private hurry: (() => void) | null = null;
  /** A reader waits for the whole index: the load does not wait for the head's first screen. */
  private wanted = false;
  /** Askers of the head, each resolving to whether it answered them. */
  private readonly headAsks: Array<Promise<boolean>> = [];
  /** Ids written while a reconciliation reads the stored ids: it leaves them to the feed. */
  private touchedDuringReconcile: Set<string> | null = null;

  /** Tells other windows on the same mirror (a browser's tabs) which tickets this one wrote. */
  private readonly otherWindows: BroadcastChannel | null;
  /** The rows of the tickets lately shown, kept as the same writes come in. */
  readonly rows: TicketRows;

  constructor(private readonly db: MirrorDb) {
    this.rows = new TicketRows((ids) => db.tickets.bulkGet(ids));
    this.otherWindows = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(`switchboard-queues:${db.name}`);
    if (this.otherWindows) {
      // Node's channel would keep a test process alive; a page's has no unref.
      (this.otherWindows as { unref?: () => void }).unref?.();
      this.otherWindows.onmessage = (event: MessageEvent<OtherWindowWrote>) => void this.otherWindowWrote(event.data).catch(() => undefined);
    }
  }

  /** Resolves once the index holds every ticket write committed before the call. */
  async ready(): Promise<void> {
    // Someone needs the whole index now: the load does not wait for a first screen from the head.
    this.wanted = true;
    this.hurry?.();
    // A reset while waiting (the table was cleared) starts a new load: wait for that one instead.
    for (let attempt = 0; attempt < 3 && this.state !== 'ready'; attempt++) {
      this.startLoad();
      await this.loading;
    }
    if (!this.isLoaded()) throw new Error('The queue index was cleared while it loaded, three times over');
    if (this.inFlight.size > 0) await Promise.all([...this.inFlight.values()].map((t) => t.settled));
  }

  private startLoad(): void {
    if (this.loading) return;
    this.state = 'loading';
    const generation = this.generation;
    this.loading = this.load(generation).catch((error: unknown) => {
      // A closed or deleted mirror: the next read tries again.
      if (generation === this.generation) {
        this.state = 'cold';
        this.loading = null;
      }
      throw error;
    });
  }

  /**
   * A reload's first screen, before the whole index is loaded: the ids, in due order, that `keep` keeps
   * among the head snapshot's tickets due before its bound for `scope` (the queue's tickets are all of
   * one assignee or of some teams: their own bound), when there are at least `enough` or the head holds
   * them all; null when the index is loaded (read it instead) or the head cannot answer. Once the whole
   * index is there, `onTablesWritten` listeners of the tickets table hear of it, so a queue shown from the
   * head is read again in full. Tickets written in the last moments before the snapshot was saved show as
   * they were until then.
   */
  async headIdsWhere(keep: (entry: QueueEntry) => boolean, enough: number, scope: HeadScope = {}): Promise<string[] | null> {
    if (this.state === 'ready') return null;
    let answered!: (yes: boolean) => void;
    this.headAsks.push(new Promise<boolean>((resolve) => (answered = resolve)));
    this.startLoad();
    this.loading?.catch(() => undefined);
    const kept: string[] = [];
    try {
      await this.headRead;
      const head = this.head;
      if (this.isLoaded() || !head) return null;
      const { bounds } = head;
      const ofScope =
        scope.assigneeId !== undefined
          ? (bounds.assignee[scope.assigneeId] ?? Infinity)
          : scope.teamIds && scope.teamIds.length > 0
            ? Math.min(...scope.teamIds.map((t) => bounds.team[t] ?? Infinity))
            : -Infinity;
      const bound = Math.max(bounds.soonest, ofScope);
      const view = head.columns.view();
      for (const slot of head.dueOrder) {
        view.slot = slot;
        if (view.due >= bound) break;
        if (keep(view)) kept.push(head.columns.ids[slot]!);
      }
      // Too few kept and the head does not hold the whole scope: the queue may have more (or any) further on.
      // An empty answer stands only when the head holds every open ticket of the scope: a supervisor's empty My
      // work used to wait for the whole index (docs/performance.md, "Seventeenth session").
      if (kept.length < enough && bound !== Infinity) return null;
      this.answeredFromHead = true;
      return kept;
    } finally {
      answered(this.answeredFromHead);
    }
  }

  private isLoaded(): boolean {
    return this.state === 'ready';
  }

  get(id: string): QueueEntry | undefined {
    const slot = this.slotMap().get(id);
    return slot === undefined ? undefined : this.columns.entry(slot);
  }

  /** How many tickets the index holds. */
  get size(): number {
    return this.ordered('due').length;
  }

  /** The ids of the entries, in this order, that `keep` keeps: one pass, no object built per entry. */
  idsWhere(name: EntryOrderName, keep: (entry: QueueEntry) => boolean): string[] {
    const slots = this.ordered(name);
    const view = this.columns.view();
    const ids = this.columns.ids;
    const kept: string[] = [];
    for (const slot of slots) {
      view.slot = slot;
      if (keep(view)) kept.push(ids[slot]!);
    }
    return kept;
  }

  /**
   * How many entries each test keeps, kept current as tickets are written, so a count read after each
   * write reads no entry. `name` must name the tests (a viewer's queues at one moment): asked again by the
   * same name, the counts come from the tally kept since.
   */
  tally(name: string, keeps: ReadonlyArray<(entry: QueueEntry) => boolean>): number[] {
    let tally = this.tallies.get(name);
    if (tally) {
      // Asked for again: kept longest.
      this.tallies.delete(name);
    } else {
      tally = new QueueTally(keeps);
      const view = this.columns.view();
      for (const slot of this.ordered('due')) {
        view.slot = slot;
        tally.add(view);
      }
      if (this.tallies.size >= TALLIES_KEPT) this.tallies.delete(this.tallies.keys().next().value!);
    }
    this.tallies.set(name, tally);
    return tally.read();
  }

  /** Every live slot in one order (built the first time it is asked for, then kept). */
  private ordered(name: EntryOrderName): readonly number[] {
    let order = this.orders.get(name);
    if (!order) {
      order = this.newOrder(name);
      order.rebuild(this.orders.get('due')?.entries() ?? this.slotMap().values());
      this.orders.set(name, order);
    }
    return order.entries();
  }

  private newOrder(name: EntryOrderName): EntryOrder {
    const escalation = () => this.columns.arrays.escalation;
    return new EntryOrder(slotComparator(name, () => this.columns), name === 'escalation' ? (slot) => !Number.isNaN(escalation()[slot]) : undefined);
  }

  /** Id → slot, built from the due order (which holds every live slot) when first needed. */
  private slotMap(): Map<string, number> {
    if (!this.slots) {
      const ids = this.columns.ids;
      this.slots = new Map();
      for (const slot of this.orders.get('due')?.entries() ?? []) this.slots.set(ids[slot]!, slot);
    }
    return this.slots;
  }

  /**
   * The sequence a row written now is stamped with: ascending in this window, and across reloads and
   * windows (microseconds of the clock, or one more than the last).
   */
  nextWriteSeq(): number {
    this.lastSeq = Math.max(Date.now() * 1_000, this.lastSeq + 1);
    return this.lastSeq;
  }

  /**
   * A write of a transaction on the tickets table, stamped from `firstSeq` on: what it changed is
   * applied when the transaction commits. `watch` is called once per transaction, to call
   * `commit` or `drop` when it ends; it answers false when there are no events to watch.
   */
  writing(trans: object, firstSeq: number, watch: (pending: PendingWrite) => boolean): PendingWrite {
    let pending = this.inFlight.get(trans);
    if (!pending) {
      pending = new PendingWrite(firstSeq, () => this.inFlight.delete(trans));
      this.inFlight.set(trans, pending);
      pending.watched = watch(pending);
    } else pending.firstSeq = Math.min(pending.firstSeq, firstSeq);
    return pending;
  }

  /** This window's writes, committed (called by the feed once their transaction completes). */
  committed(puts: readonly MirrorTicket[], deletes: readonly string[]): void {
    this.applied(puts, deletes);
    this.otherWindows?.postMessage({ ids: [...puts.map((t) => t.id), ...deletes] } satisfies OtherWindowWrote);
  }

  /** This window cleared the table. */
  cleared(): void {
    this.reset();
    this.otherWindows?.postMessage({ reset: true } satisfies OtherWindowWrote);
  }

  /** Another window on this mirror wrote these tickets: their rows now are the truth (none: deleted). */
  private async otherWindowWrote(message: OtherWindowWrote): Promise<void> {
    if (message.reset) {
      this.reset();
      return indexCaughtUp(this.db, 'tickets');
    }
    if (!message.ids?.length) return;
    if (this.state === 'cold') {
      // The load will read them; the rows kept of them are dropped, and read again if on screen.
      this.rows.forget(message.ids);
      return;
    }
    const generation = this.generation;
    const rows = await this.db.tickets.bulkGet([...message.ids]);
    if (generation !== this.generation) return;
    this.applied(
      rows.filter((r): r is MirrorTicket => r !== undefined),
      message.ids.filter((_, i) => rows[i] === undefined),
    );
    indexCaughtUp(this.db, 'tickets');
  }

  private applied(puts: readonly MirrorTicket[], deletes: readonly string[]): void {
    if (this.state !== 'cold') this.appliedToIndex(puts, deletes); // when cold, the load will read them
    // After the index: the rows' watchers (the list) then read an index that has the write.
    this.rows.written(puts, deletes);
  }

  private appliedToIndex(puts: readonly MirrorTicket[], deletes: readonly string[]): void {
    const touched = this.touchedDuringReconcile;
    if (touched) for (const id of [...puts.map((t) => t.id), ...deletes]) touched.add(id);
    for (const ticket of puts) {
      this.put(queueEntry(ticket));
      if (ticket.wseq !== undefined && ticket.wseq > this.appliedSeq) this.appliedSeq = ticket.wseq;
      if (this.state === 'loading') this.writtenDuringLoad.add(ticket.id);
    }
    for (const id of deletes) {
      this.remove(id);
      if (this.state === 'loading') this.writtenDuringLoad.add(id);
    }
    if (this.state === 'ready') {
      this.compactIfWorthIt();
      this.saveSoon();
    }
  }

  /** The table was cleared or range-deleted: start over from the stored rows on the next read. */
  reset(): void {
    this.forgetAll();
    // Issued now, so it runs after any save already issued and before the next load's read of it.
    this.saving = deleteSnapshots(this.db).then(
      () => undefined,
      () => undefined,
    );
  }

  /**
   * The workstation closed this mirror (a sign-out, another user): the queues are dropped from the page,
   * and no timer, other window or catch-up's end opens the mirror again to save or read them. Writes not
   * yet in a snapshot are not lost: the next load reads them by their write sequence.
   */
  release(): void {
    this.forgetAll();
    this.afterCatchUp?.();
    this.afterCatchUp = null;
    this.otherWindows?.close();
    if (indexes.get(this.db) === this) indexes.delete(this.db);
  }

  /** Nothing of the index is kept, no load or save due counts any more, and the next read loads again. */
  private forgetAll(): void {
    this.generation++;
    this.rows.cleared();
    this.state = 'cold';
    this.loading = null;
    this.columns = QueueColumns.empty();
    this.slots = new Map();
    this.deadSlots = 0;
    this.orders.clear();
    this.tallies.clear();
    this.writtenDuringLoad.clear();
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.unsavedSince = 0;
    this.head = null;
  }

  /**
   * Saves the snapshot, in the page's idle time (queue-snapshot-store.ts); resolves once stored or given up.
   * One save runs at a time. In a busy or hidden page one can take a while, and saves asked for meanwhile
   * are one more, which takes the index as it is when that one ends, not one each holding its own copy.
   */
  saveNow(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.unsavedSince = 0;
    if (!this.nextSave) {
      const next = this.saving
        .then(() => {
          this.nextSave = null;
          return this.saveAsItIs();
        })
        .catch(() => undefined); // the next save tries again
      this.nextSave = next;
      this.saving = next;
    }
    return this.nextSave;
  }

  private async saveAsItIs(): Promise<void> {
    if (this.state !== 'ready') return;
    // Every write stamped below the lowest in-flight one has committed and is applied here.
    const inFlightSeqs = [...this.inFlight.values()].map((t) => t.firstSeq - 1);
    const writeSeq = Math.min(this.appliedSeq, ...inFlightSeqs);
    // Mostly old slots (many tickets written again since the last load): saved without them.
    if (this.deadSlots > this.columns.size / 4) this.compact();
    const due = this.ordered('due');
    // The parts and the head are encoded as they are stored, in idle time: the columns' first slots stay as
    // they are now meanwhile, and a compaction leaves this QueueColumns as it is (it makes new ones).
    const columns = this.columns;
    const dueAtSave = Int32Array.from(due);
    const whole = new WholeSnapshot(columns, dueAtSave, writeSeq, QueueIndex.slotsPerSnapshotPart);
    const head = (): HeadSnapshot => {
      const first = headSlots(columns, dueAtSave);
      return { ...encodeSnapshot(columns.copy(first.slots), first.slots.map((_, i) => i), writeSeq), bounds: first.bounds };
    };
    const generation = this.generation;
    // Cleared or let go of meanwhile: this snapshot holds tickets the mirror no longer has, or is nobody's.
    // The head is stored in the whole's last transaction, so it never belongs to another save. A catch-up
    // (a drain, a bootstrap) that begins meanwhile has IndexedDB to itself until it ends: its pages share one
    // queue of requests with the save's, each commit a flush to disk.
    await storeSnapshot(this.db, whole, head, { current: () => generation === this.generation, free: () => !catchingUp(), untilFree: catchUpOver });
  }

  private saveSoon(): void {
    if (catchingUp()) {
      // A bootstrap or a drain writes hundreds of tickets a second: the snapshot is saved once it is over,
      // not 10 MB every 20 s into the IndexedDB time its pages need.
      this.afterCatchUp ??= onCatchUpChange((busy) => {
        if (busy) return;
        this.afterCatchUp?.();
        this.afterCatchUp = null;
        if (this.state === 'ready') this.saveSoon();
      });
      return;
    }
    const now = Date.now();
    if (this.unsavedSince === 0) this.unsavedSince = now;
    clearTimeout(this.saveTimer);
    const wait = Math.max(0, Math.min(SAVE_IDLE_MS, this.unsavedSince + SAVE_AT_MOST_MS - now));
    this.saveTimer = setTimeout(() => (catchingUp() ? this.saveSoon() : void this.saveNow()), wait);
  }

  private put(entry: QueueEntry): void {
    const slots = this.slotMap();
    const before = slots.get(entry.id);
    this.untally(before);
    const slot = this.columns.add(entry);
    slots.set(entry.id, slot);
    if (before !== undefined) this.deadSlots++;
    for (const order of this.orders.values()) order.replace(before, slot);
    if (this.tallies.size === 0) return;
    // Counted as the columns hold it, as it will be taken out: the tests see the same values both times.
    const view = this.columns.view();
    view.slot = slot;
    for (const tally of this.tallies.values()) tally.add(view);
  }

  /** The tallies no longer count the entry in this slot. */
  private untally(slot: number | undefined): void {
    if (slot === undefined || this.tallies.size === 0) return;
    const view = this.columns.view();
    view.slot = slot;
    for (const tally of this.tallies.values()) tally.remove(view);
  }

  private remove(id: string): void {
    const slots = this.slotMap();
    const before = slots.get(id);
    if (before === undefined) return;
    this.untally(before);
    slots.delete(id);
    this.deadSlots++;
    for (const order of this.orders.values()) order.replace(before, undefined);
  }

  /** Copies the live slots into fresh columns once the dead ones are many and outnumber them. */
  private compactIfWorthIt(): void {
    if (this.deadSlots >= QueueIndex.compactFrom && this.deadSlots > this.ordered('due').length) this.compact();
  }

  private compact(): void {
    // Pending changes are merged while the slots still name these columns.
    for (const order of this.orders.values()) order.entries();
    const live = this.ordered('due');
    const to = new Int32Array(this.columns.size).fill(-1);
    live.forEach((slot, i) => (to[slot] = i));
    this.columns = this.columns.copy(live);
    for (const order of this.orders.values()) order.remap(to);
    this.slots = null;
    this.deadSlots = 0;
  }

  private async load(generation: number): Promise<void> {
    this.headRead = readHeadSnapshot(this.db)
      .then((value) => {
        const saved = value as HeadSnapshot | undefined;
        const head = saved?.bounds ? decodeSnapshot(saved) : null;
        if (head && saved && generation === this.generation && this.state === 'loading') this.head = { ...head, bounds: saved.bounds };
      })
      .catch(() => undefined);
    const readWhole = () => readWholeSnapshot(this.db);
    // Nobody waits on the head (a first sign-in, a queue read after the first screen): both are read at once.
    const whole = this.headAsks.length === 0 ? readWhole() : null;
    // Left unread when the load is given up below (cleared or closed meanwhile): its failure is then nobody's.
    whole?.catch(() => undefined);
    await this.headRead;
    // A first screen shown from the head is painted before the whole snapshot is read: reading it meanwhile
    // kept that screen's rows waiting behind it (first row 430–600 ms after a reload, against about 200 ms).
    const asked = await Promise.all(this.headAsks.splice(0));
    if (asked.some(Boolean) && !this.wanted) await Promise.race([afterFirstScreen(DEFERRED_READ_CAP_MS), new Promise<void>((resolve) => (this.hurry = resolve))]);
    this.hurry = null;
    if (generation !== this.generation) return;
    const fromSnapshot = await (whole ?? readWhole());
    if (generation !== this.generation) return;
    if (fromSnapshot) {
      // Written while the snapshot was read: those writes stand, and went into the columns being replaced.
      const newer = [...this.writtenDuringLoad].map((id) => this.get(id) ?? id);
      this.columns = fromSnapshot.columns;
      this.slots = null;
      this.deadSlots = fromSnapshot.columns.size - fromSnapshot.dueOrder.length;
      this.orders.clear();
      const due = this.newOrder('due');
      due.rebuild(fromSnapshot.dueOrder, true);
      this.orders.set('due', due);
      for (const entry of newer) if (typeof entry === 'string') this.remove(entry);
      else this.put(entry);
      this.appliedSeq = Math.max(this.appliedSeq, fromSnapshot.writeSeq);
      // A clock set back since must not stamp rows below what the snapshot holds: the next reload would miss them.
      this.lastSeq = Math.max(this.lastSeq, fromSnapshot.writeSeq);
      const since = await this.db.tickets.where('wseq').above(fromSnapshot.writeSeq).toArray();
      if (generation !== this.generation) return;
      this.loaded(since);
      this.finishLoad(false);
      setTimeout(() => {
        // A mirror closed for good meanwhile has nothing left to reconcile.
        void this.reconcile(generation).catch((error: unknown) => {
          if (!(error instanceof Error && error.name === 'DatabaseClosedError')) throw error;
        });
      }, QueueIndex.reconcileAfterMs);
      if (since.length > 0) this.saveSoon();
      return;
    }
    // No usable snapshot (a mirror from before the index, or one of another format): from the rows.
    for (let after: string | undefined, more = true; more; ) {
      const rows = await (after === undefined ? this.db.tickets.orderBy(':id') : this.db.tickets.where(':id').above(after)).limit(LOAD_CHUNK).toArray();
      if (generation !== this.generation) return;
      this.loaded(rows);
      more = rows.length === LOAD_CHUNK;
      after = rows.at(-1)?.id;
    }
    this.finishLoad();
    this.lastSeq = Math.max(this.lastSeq, this.appliedSeq);
    if (this.size > 0) this.saveSoon();
  }

  /** Rows read by the load, unless a write since has put a newer copy (or deleted them). */
  private loaded(rows: readonly MirrorTicket[]): void {
    for (const row of rows) {
      if (this.writtenDuringLoad.has(row.id)) continue;
      this.put(queueEntry(row));
      if (row.wseq !== undefined && row.wseq > this.appliedSeq) this.appliedSeq = row.wseq;
    }
  }

  /** `sortAgain`: the orders were not kept during the load (built from the rows), so they are built once here. */
  private finishLoad(sortAgain = true): void {
    if (sortAgain) {
      const slots = [...this.slotMap().values()];
      this.orders.clear();
      const due = this.newOrder('due');
      due.rebuild(slots);
      this.orders.set('due', due);
    }
    this.writtenDuringLoad.clear();
    // Counted from the columns the load replaced: counted again when next asked.
    this.tallies.clear();
    this.state = 'ready';
    this.wanted = false;
    this.head = null;
    this.headRead = null;
    if (this.answeredFromHead) {
      this.answeredFromHead = false;
      indexCaughtUp(this.db, 'tickets');
    }
  }

  /**
   * A snapshot can miss a delete (the window closed before the next save) and, in a browser with two
   * windows on one mirror, a row the other wrote: the stored ids are compared with the index's once the
   * first screen is up, and the difference read.
   */
  private async reconcile(generation: number): Promise<void> {
    if (generation !== this.generation || this.state !== 'ready' || this.touchedDuringReconcile) return;
    const touched = new Set<string>();
    this.touchedDuringReconcile = touched;
    try {
      const ids = await this.db.tickets.toCollection().primaryKeys();
      if (generation !== this.generation) return;
      const stored = new Set(ids);
      const missing = ids.filter((id) => !this.slotMap().has(id));
      const rows = missing.length > 0 ? (await this.db.tickets.bulkGet(missing)).filter((r): r is MirrorTicket => r !== undefined) : [];
      if (generation !== this.generation) return;
      // What was written since the ids were read, the feed has applied already.
      const gone = [...this.slotMap().keys()].filter((id) => !stored.has(id) && !touched.has(id));
      this.touchedDuringReconcile = null;
      const found = rows.filter((r) => !touched.has(r.id));
      this.applied(found, gone);
      if (found.length > 0 || gone.length > 0) indexCaughtUp(this.db, 'tickets');
    } finally {
      if (this.touchedDuringReconcile === touched) this.touchedDuringReconcile = null;
    }
  }
}

/** One transaction's writes to the tickets table, applied together when it commits. */
export class PendingWrite {
  private readonly applies: Array<() => void> = [];
  private resolve!: () => void;
  readonly settled = new Promise<void>((resolve) => (this.resolve = resolve));
  watched = false;

  constructor(
    /** The lowest write sequence its rows were stamped with. */
    public firstSeq: number,
    private readonly ended: () => void,
  ) {}

  push(apply: () => void): void {
    this.applies.push(apply);
  }

  commit(): void {
    try {
      for (const apply of this.applies.splice(0)) apply();
    } finally {
      // Never left in flight: every later read of the index waits for what is.
      this.end();
    }
  }

  drop(): void {
    this.applies.length = 0;
    this.end();
  }

  /** Without a transaction to watch (not a real IndexedDB one), each write counts as committed once made. */
  flushIfUnwatched(): void {
    if (!this.watched) this.commit();
  }

  private end(): void {
    this.ended();
    this.resolve();
  }
}

/**
 * The slots of the head snapshot, in due order, and its bounds: every open ticket due before a bound
 * (of all tickets, of one assignee, of one team) is in the head; none is kept for those it holds whole.
 */
function headSlots(columns: QueueColumns, due: ArrayLike<number>): { slots: number[]; bounds: HeadBounds } {
  const view = columns.view();
  const { assignee, team } = columns.arrays;
  const words = columns.words;
  const perAssignee = new Map<number, number>();
  const perTeam = new Map<number, number>();
  const bounds: { soonest: number; assignee: Record<string, number>; team: Record<string, number> } = { soonest: Infinity, assignee: {}, team: {} };
  const slots: number[] = [];
  for (let i = 0; i < due.length; i++) {
    const slot = due[i]!;
    view.slot = slot;
    const open = view.open;
    const byAssignee = open ? (perAssignee.get(assignee[slot]!) ?? 0) : HEAD_PER_ASSIGNEE_OR_TEAM;
    const byTeam = open ? (perTeam.get(team[slot]!) ?? 0) : HEAD_PER_ASSIGNEE_OR_TEAM;
    if (i === HEAD_SOONEST) bounds.soonest = view.due;
    if (i >= HEAD_SOONEST && byAssignee >= HEAD_PER_ASSIGNEE_OR_TEAM && byTeam >= HEAD_PER_ASSIGNEE_OR_TEAM) {
      if (open) {
        bounds.assignee[words[assignee[slot]!]!] ??= view.due;
        bounds.team[words[team[slot]!]!] ??= view.due;
      }
      continue;
    }
    slots.push(slot);
    if (open) {
      perAssignee.set(assignee[slot]!, byAssignee + 1);
      perTeam.set(team[slot]!, byTeam + 1);
    }
  }
  return { slots, bounds };
}

/** What a queue's tickets all share, so the head snapshot's bound for them applies. */
export interface HeadScope {
  readonly assigneeId?: string;
  readonly teamIds?: readonly string[];
}

/** Every open ticket due before a bound is in the head snapshot (none: all of them are). */
interface HeadBounds {
  readonly soonest: number;
  readonly assignee: Readonly<Record<string, number>>;
  readonly team: Readonly<Record<string, number>>;
}

type HeadSnapshot = QueueSnapshot & { readonly bounds: HeadBounds };

interface OtherWindowWrote {
  readonly ids?: readonly string[];
  readonly reset?: true;
}

const indexes = new WeakMap<object, QueueIndex>();

/** The queue index of a mirror opened by openMirrorDb. */
export function queueIndex(db: MirrorDb): QueueIndex {
  let index = indexes.get(db);
  if (!index) {
    index = new QueueIndex(db);
    indexes.set(db, index);
  }
  return index;
}

/** A mirror the workstation closes: its queue index, if it has one, lets go of it (QueueIndex.release). */
export function releaseQueueIndex(db: MirrorDb): void {
  indexes.get(db)?.release();
}

/** The index, with every committed ticket write in it. */
export async function readyQueueIndex(db: MirrorDb): Promise<QueueIndex> {
  const index = queueIndex(db);
  await index.ready();
  return index;
}
