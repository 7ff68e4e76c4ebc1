import { newId } from '../../core/ids';
import { ESCALATION_EVENT_KINDS } from '../../core/escalation/escalation-event';
import { describeIssues } from '../../core/protocol/http-schemas';
import type { BootstrapPage, Change, MutationOutcome, PokedPage, PullResponse, SyncPoke } from '../../core/protocol/sync-messages';
import type { TicketEvent } from '../../core/ticket/ticket-event';
import { MAX_PULL_LIMIT, MAX_PUSH_BATCH, MUTATION_ARGS, type MutationArgs, type MutationName } from '../../core/protocol/sync-schemas';
import { ok, refuse, type Result } from '../../core/result';
import { recordArrivals } from './arrivals';
import { beginCatchUp } from './catch-up-pace';
import { applyLocally, touchedRows, type LocalContext } from './local-mutators';
import { baseKey, MIRROR_TABLES, SYNC_TABLES, TABLE_OF, type BaseRow, type ConflictRecord, type MirrorDb, type MirrorEntity, type OutboxEntry, type SyncMeta } from './mirror-db';
import { SyncError, type SyncTransport } from './sync-transport';

export { SyncError };

interface BootstrapProgress {
  readonly done: boolean;
  readonly snapshotSeq?: number;
  readonly next?: string;
}

type PutChange = Extract<Change, { op: 'put' }>;

const MAX_PULL_PAGES_PER_RUN = 1_000;
/** Bootstrap page sizes (rows): see bootstrapIfNeeded. */
const BOOTSTRAP_FIRST_PAGE = 200;
const BOOTSTRAP_PAGE = 2_500;

/** A pull on its way: from where, with answers from which entry. */
interface AskedPage {
  readonly cursor: number;
  readonly pendingFrom: number;
  readonly response: Promise<PullResponse>;
}

/**
 * The client half of sync. `mutate` records an agent's action: validated, applied to the mirror and
 * queued in the outbox in one strict transaction. `sync` pushes the outbox in order, pulls the change
 * stream, confirms what the server has applied, and shows base + pending changes for every row that
 * still has changes in flight. Runs the same under Chromium and under fake-indexeddb.
 */
export class SyncEngine {
  private running: Promise<void> | null = null;
  /** Set by every call without a poked page: push, pull and the rest must run (again). */
  private fullRun = false;
  /** This run has begun a bootstrap again once (bootstrapIfNeeded): a second refusal is an error. */
  private bootstrapRestarted = false;
  /** Pages carried by pokes, applied in order while the engine is otherwise idle. */
  private readonly poked: PokedPage[] = [];
  /** The highest sequence a bare poke (one without a page) announced since the last run. */
  private bareUpTo = 0;
  private readonly localChangeListeners = new Set<() => void>();
  /** Told after each push answer is recorded, while a drain pulls beside its pushes. */
  private answered: (() => void) | null = null;
  /**
   * Ends the catch-up (catch-up-pace.ts) begun in this run: a bootstrap, a drain, a pull of more than one
   * page. It ends with the run (the lease, the pokes that came meanwhile), not with the last page stored:
   * the queue's re-reads it held back then start after the engine's last small reads instead of ahead of
   * them. Chromium runs a database's requests in turn, and at 100,000 tickets those re-reads (about
   * 500 ms) held the end of a drain back by as much (docs/performance.md, "Tenth session"). A run that
   * pokes keep going still re-reads, at the catch-up's pace.
   */
  private endCatchUp: (() => void) | null = null;
  /** Bumped by stop(): a run begun before it may no longer hold anyone's queue back. */
  private generation = 0;
  private runGeneration = 0;

  /**
   * `firstPageShown` is awaited after a fresh bootstrap's first page is stored, before the next is written
   * (the workstation waits for its queue to show it: first-screen.ts); the next page is fetched meanwhile.
   */
  constructor(
    readonly db: MirrorDb,
    private readonly context: () => LocalContext,
    private readonly firstPageShown: () => Promise<void> = () => Promise.resolve(),
  ) {}

  async meta(): Promise<SyncMeta> {
    const rows = new Map((await this.db.meta.toArray()).map((r) => [r.key, r.value]));
    let clientId = rows.get('clientId') as string | undefined;
    // A fresh mirror read from two places at once (the connection and the workstation, or two tabs) must
    // get one id: it is read again and written in one transaction.
    clientId ??= await this.db.transaction('rw', this.db.meta, async () => {
      const existing = (await this.db.meta.get('clientId'))?.value as string | undefined;
      if (existing) return existing;
      const created = newId();
      await this.db.meta.put({ key: 'clientId', value: created });
      return created;
    });
    return {
      clientId,
      nextMutationId: (rows.get('nextMutationId') as number | undefined) ?? 1,
      cursor: (rows.get('cursor') as number | undefined) ?? 0,
      lease: (rows.get('lease') as SyncMeta['lease'] | undefined) ?? null,
      filled: (rows.get('bootstrap') as BootstrapProgress | undefined)?.done === true,
    };
  }

  /** Called after each committed local change, so the connection pushes it without waiting for a poke. */
  onLocalChange(listener: () => void): () => void {
    this.localChangeListeners.add(listener);
    return () => this.localChangeListeners.delete(listener);
  }

  /** How many of the agent's changes the server has not confirmed yet (for the status bar). */
  pendingCount(): Promise<number> {
    return this.db.outbox.count();
  }

  async mutate<N extends MutationName>(name: N, args: MutationArgs<N>): Promise<Result<{ mutationId: number; args: MutationArgs<N> }, 'invalid_request'>> {
    const parsed = MUTATION_ARGS[name].safeParse(args);
    if (!parsed.success) return refuse('invalid_request', describeIssues(parsed.error));
    const ctx = this.context();
    const result = await this.db.transaction('rw', [...SYNC_TABLES], async () => {
      const meta = await this.meta();
      let finalArgs = parsed.data as MutationArgs<N>;
      if (name === 'ticket.create' && (finalArgs as MutationArgs<'ticket.create'>).number === null && meta.lease && meta.lease.next <= meta.lease.last) {
        // A number from the lease: final at once, even offline, so the agent can read it to the caller.
        finalArgs = { ...finalArgs, number: meta.lease.next };
        await this.db.meta.put({ key: 'lease', value: { ...meta.lease, next: meta.lease.next + 1 } });
      }
      const mutationId = meta.nextMutationId;
      for (const row of touchedRows(name, finalArgs)) {
        const key = baseKey(row.entity, row.id);
        if (!(await this.db.bases.get(key))) {
          const current = await this.db.table(TABLE_OF[row.entity]).get(row.id);
          await this.db.bases.put({ key, entity: row.entity, id: row.id, row: current ?? null });
        }
      }
      await applyLocally(this.db, name, finalArgs, ctx);
      await this.db.outbox.add({ id: mutationId, name, args: finalArgs, createdAt: ctx.now.toISOString() });
      await this.db.meta.put({ key: 'nextMutationId', value: mutationId + 1 });
      return ok({ mutationId, args: finalArgs });
    });
    for (const listener of this.localChangeListeners) listener();
    return result;
  }

  /**
   * Push, then pull until caught up. Calls while a run is going make it run once more, not twice at once.
   * With `poke`: a page it carried is applied as the pull it stands for when it follows on from the cursor
   * (its `from` at or before the cursor), and nothing else runs; a page that does not (a poke missed, a
   * bootstrap unfinished) makes it a full run. A bare poke makes a full run only if the mirror has not
   * reached its sequence yet or changes wait unanswered: a drain is poked after every commit, and each of
   * those used to cost one more push-and-pull round after the drain had pulled past them all.
   */
  sync(transport: SyncTransport, poke?: SyncPoke): Promise<void> {
    if (poke?.page) this.poked.push(poke.page);
    else if (poke) this.bareUpTo = Math.max(this.bareUpTo, poke.seq);
    else this.fullRun = true;
    // A call after stop() (the same engine mounted again) lets the run it joins hold the queue back again.
    this.runGeneration = this.generation;
    if (this.running) return this.running;
    // Nothing to do (a bare poke at sequence 0, or one without a number): no run. The run below would end
    // before its first await, clear `running` and only then be stored in it, never to be cleared again.
    if (!this.hasWork()) return Promise.resolve();
    this.running = (async () => {
      this.bootstrapRestarted = false;
      try {
        while (this.hasWork()) {
          // A poke used to mean a full run, which also retried a push that had failed: it still does then.
          // Not while changes wait unanswered: a poked page carries no answers, so its rows could already
          // hold one of them (a reply lost with the connection) and show it twice; the full run pulls past it.
          if (!this.fullRun && this.poked.length > 0) {
            if (!(await this.hasUnsent()) && (await this.applyPoked(this.poked.splice(0)))) continue;
          } else if (!this.fullRun) {
            const upTo = this.bareUpTo;
            this.bareUpTo = 0;
            if ((await this.meta()).cursor >= upTo && !(await this.hasUnsent())) continue;
          }
          this.fullRun = false;
          // The pull below goes past every page and bare poke queued so far.
          this.poked.length = 0;
          this.bareUpTo = 0;
          await this.bootstrapIfNeeded(transport);
          await this.pushAndPull(transport);
          await this.refreshLease(transport);
        }
      } finally {
        this.running = null;
        this.caughtUp();
      }
    })();
    return this.running;
  }

  private hasWork(): boolean {
    return this.fullRun || this.poked.length > 0 || this.bareUpTo > 0;
  }

  /**
   * The workstation let go of this engine (sign-out, another user): its catch-up ends now. A run still
   * waiting on the network (up to 15 s for a request, 60 s for a bootstrap page) would otherwise hold the
   * next person's queue re-reads back (catch-up-pace.ts is one per page) until it timed out.
   */
  stop(): void {
    this.generation++;
    this.caughtUp();
  }

  /** The engine is catching up: the queue's big re-reads slow down until the run ends (endCatchUp). */
  private catchingUp(): void {
    if (this.runGeneration !== this.generation) return;
    this.endCatchUp ??= beginCatchUp();
  }

  private caughtUp(): void {
    this.endCatchUp?.();
    this.endCatchUp = null;
  }

  /** Changes not yet answered: never sent, or sent with the reply still to come (or lost). */
  private async hasUnsent(): Promise<boolean> {
    return (await this.db.outbox.filter((entry) => !entry.acknowledged).count()) > 0;
  }

  /** True when every page was stored or already covered by the cursor; false at the first that does not follow on. */
  private async applyPoked(pages: readonly PokedPage[]): Promise<boolean> {
    for (const page of pages) {
      const followed = await this.db.transaction('rw', [...SYNC_TABLES], async () => {
        const bootstrap = (await this.db.meta.get('bootstrap'))?.value as BootstrapProgress | undefined;
        if (!bootstrap?.done) return false;
        const cursor = ((await this.db.meta.get('cursor'))?.value as number | undefined) ?? 0;
        if (page.cursor <= cursor) return true;
        // The page holds all this user may see after `from`; a cursor behind it has missed something.
        if (cursor < page.from) return false;
        await this.storePage(page.changes, page.cursor);
        return true;
      });
      if (!followed) return false;
    }
    return true;
  }

  /**
   * Push, then pull. An outbox of more than one batch (a drain after a spell offline) is pulled while it
   * is pushed: the server applies the next batches while the mirror stores what the first ones changed,
   * instead of one waiting for the other. Each pull also brings the answers the server has (applyPage).
   */
  private async pushAndPull(transport: SyncTransport): Promise<void> {
    const unsent = await this.db.outbox.filter((e) => !e.acknowledged).count();
    if (unsent <= MAX_PUSH_BATCH) {
      await this.pushAll(transport);
      await this.pullAll(transport);
      return;
    }
    this.catchingUp();
    let pushing = true;
    let nextAnswer: () => void = () => {};
    this.answered = () => nextAnswer();
    const pushed = this.pushAll(transport).finally(() => {
      pushing = false;
      nextAnswer();
    });
    const pulled = (async () => {
      while (pushing) {
        await new Promise<void>((resolve) => (nextAnswer = resolve));
        if (pushing) await this.pullAll(transport, { besidePushes: true });
      }
    })();
    try {
      const [push, pull] = await Promise.allSettled([pushed, pulled]);
      if (push.status === 'rejected') throw push.reason;
      if (pull.status === 'rejected') throw pull.reason;
    } finally {
      this.answered = null;
    }
    await this.pullAll(transport);
  }

  /**
   * Sends the outbox in order, with the next batch on its way while the server applies the one before
   * (two in flight): the server goes straight from one to the next instead of waiting out the round trip.
   * Answers are recorded as they come without holding up the next send, and the entries to send are read
   * ahead, because a page being stored beside the pushes holds the outbox for hundreds of milliseconds.
   * The server applies mutations strictly in order, so a batch sent behind one that failed is refused as a
   * gap and sent again on the next run.
   */
  private async pushAll(transport: SyncTransport): Promise<void> {
    const { clientId } = await this.meta();
    let sentUpTo = 0;
    let toSend: OutboxEntry[] = [];
    const replies: Array<Promise<readonly MutationOutcome[]>> = [];
    const recorded: Array<Promise<void>> = [];
    try {
      for (let round = 0; round < 10_000; round++) {
        if (toSend.length === 0) toSend = (await this.db.outbox.where('id').above(sentUpTo).toArray()).filter((e) => !e.acknowledged);
        const batch = toSend.splice(0, MAX_PUSH_BATCH);
        if (batch.length === 0) break;
        sentUpTo = batch.at(-1)!.id;
        const reply = this.pushBatch(transport, clientId, batch);
        reply.catch(() => undefined); // awaited below; a failure behind another is not unhandled
        replies.push(reply);
        const record = reply.then(async (outcomes) => {
          await this.recordOutcomes(outcomes);
          this.answered?.();
        });
        record.catch(() => undefined);
        recorded.push(record);
        if (replies.length >= 2) await replies.shift();
      }
      while (replies.length > 0) await replies.shift();
      for (const done of recorded) await done;
    } finally {
      // Whatever failed, no batch of this run is still being answered or recorded when it ends.
      await Promise.allSettled([...replies, ...recorded]);
    }
  }

  private async pushBatch(transport: SyncTransport, clientId: string, batch: readonly OutboxEntry[]): Promise<readonly MutationOutcome[]> {
    const response = await transport.push({ clientId, mutations: batch.map((e) => ({ id: e.id, name: e.name, args: e.args })) });
    if (!response.ok) throw new SyncError(response.error.code, response.error.message);
    return response.outcomes;
  }

  private async recordOutcomes(outcomes: readonly MutationOutcome[]): Promise<void> {
    await this.db.transaction('rw', [this.db.outbox, this.db.conflicts], async () => {
      await this.storeOutcomes(outcomes);
    });
  }

  /**
   * Marks entries answered, inside the caller's transaction. An answer comes by the push's reply or by a
   * pull that overtook it, so each is recorded once: an entry already answered, or already confirmed and
   * gone, is left as it is (and its conflict is not listed twice).
   */
  private async storeOutcomes(outcomes: readonly MutationOutcome[]): Promise<number> {
    if (outcomes.length === 0) return 0;
    const at = this.context().now.toISOString();
    const entries = await this.db.outbox.bulkGet(outcomes.map((o) => o.id));
    // Written in two bulk requests: a put per answer was a fifth of a drained page's transaction.
    const answered: OutboxEntry[] = [];
    const seen = new Set<number>();
    const conflicts: Array<Omit<ConflictRecord, 'id'>> = [];
    for (const [i, outcome] of outcomes.entries()) {
      const entry = entries[i];
      if (!entry || entry.acknowledged || seen.has(entry.id)) continue;
      seen.add(entry.id);
      answered.push({ ...entry, acknowledged: { status: outcome.status, changeSeq: outcome.changeSeq } });
      if (outcome.status === 'rejected') {
        conflicts.push({ mutationId: entry.id, name: entry.name, args: entry.args, at, error: outcome.error, seen: false });
      } else if (outcome.conflicts?.length) {
        conflicts.push({ mutationId: entry.id, name: entry.name, args: entry.args, at, conflicts: outcome.conflicts, seen: false });
      }
    }
    if (answered.length > 0) await this.db.outbox.bulkPut(answered);
    if (conflicts.length > 0) await this.db.conflicts.bulkAdd(conflicts);
    return answered.length;
  }

  private async pullAll(transport: SyncTransport, options: { besidePushes?: boolean } = {}): Promise<void> {
    await this.pullPages(transport, options, () => this.catchingUp());
  }

  /**
   * Pulls until caught up; `catchingUp` is called once a page says more follow. The next page is asked for
   * while this one is stored (its cursor is this page's end), so catching up costs the pages' storing, not
   * also a round trip and the server's read per page. A page not stored drops the one asked ahead.
   */
  private async pullPages(transport: SyncTransport, options: { besidePushes?: boolean }, catchingUp: () => void): Promise<void> {
    let refusedAt: number | undefined;
    let ahead: AskedPage | null = null;
    for (let page = 0; page < MAX_PULL_PAGES_PER_RUN; page++) {
      const { clientId, cursor } = await this.meta();
      const asked: AskedPage = ahead?.cursor === cursor ? ahead : await this.askPage(transport, clientId, cursor, new Set());
      ahead = null;
      const response = await asked.response;
      if (!response.ok) {
        if (response.error.code === 'resync_required') {
          // Not beside the pushes: a fresh snapshot carries no answers, so a change whose reply is still
          // to come would show twice on top of it. The pull after the last reply reloads.
          if (options.besidePushes) return;
          // The reload's first page must reach the queue at once (first-screen.ts): the catch-up begins
          // again after it, as on a first sign-in.
          this.caughtUp();
          await this.resetMirror();
          await this.bootstrapIfNeeded(transport);
          continue;
        }
        throw new SyncError(response.error.code, response.error.message);
      }
      if (response.more) {
        catchingUp();
        // Answered by this page, these are recorded before the next one is stored (or it is dropped).
        ahead = await this.askPage(transport, clientId, response.cursor, new Set((response.outcomes ?? []).map((o) => o.id)));
      }
      // A page is refused for answers that stop short only while refusing moves something on; otherwise
      // (answers the server no longer keeps) it is stored, and the push answers those changes itself.
      const mayRefuse = asked.pendingFrom !== refusedAt;
      const stored = await this.applyPage(response, asked.pendingFrom, mayRefuse);
      if (!stored) {
        refusedAt = asked.pendingFrom;
        ahead = null;
      }
      if (stored && !response.more) return;
    }
  }

  /**
   * Sends a pull from `cursor`. The answers the server has for the entries still unanswered come with the
   * page (see applyPage): from the first entry neither answered nor in `answeredNow`, or from the next id
   * to be given out when there is none, so a change sent after this request is still covered.
   */
  private async askPage(transport: SyncTransport, clientId: string, cursor: number, answeredNow: ReadonlySet<number>): Promise<AskedPage> {
    // The next id first: a change made between the two reads is then in the outbox read, or at or past it.
    const { nextMutationId } = await this.meta();
    const firstUnanswered = (await this.db.outbox.filter((e) => !e.acknowledged && !answeredNow.has(e.id)).first())?.id;
    const pendingFrom = firstUnanswered ?? nextMutationId;
    // The largest page the server serves: catching up after a drain is a few pages, each one transaction.
    const response = transport.pull({ clientId, cursor, limit: MAX_PULL_LIMIT, pendingFrom });
    response.catch(() => undefined); // awaited by the loop; one asked ahead and dropped is not unhandled
    return { cursor, pendingFrom, response };
  }

  /**
   * One transaction per page: the answers it carries, the rows, the cursor, the confirmations and the
   * rebuilt view move together. The rows may hold the effect of a change whose push is still waiting for
   * its reply; the answers read after the rows say which, so that change is not applied on top again (an
   * escalation would count twice). If the answers stop short of every mutation the server had applied
   * (more than a pull carries), the page is not stored when `mayRefuse`: false, and the next pull, from
   * the first entry still unanswered, brings the rest.
   */
  private async applyPage(page: Extract<PullResponse, { ok: true }>, pendingFrom: number | undefined, mayRefuse: boolean): Promise<boolean> {
    // An async callback, not one returning a promise: Dexie follows its transaction only through the former.
    return this.db.transaction('rw', [...SYNC_TABLES], async () => {
      const outcomes = page.outcomes ?? [];
      const recorded = await this.storeOutcomes(outcomes);
      const answeredTo = outcomes.at(-1)?.id ?? (pendingFrom ?? Infinity) - 1;
      const shortOfCounter = pendingFrom !== undefined && page.lastMutationId >= pendingFrom && answeredTo < page.lastMutationId;
      if (shortOfCounter && (mayRefuse || recorded > 0)) return false;
      await this.storePage(page.changes, page.cursor);
      return true;
    });
  }

  private async storePage(changes: readonly Change[], cursor: number): Promise<void> {
    const rebuild = new Set<string>();
    // Only rows with changes in flight have a base: their keys are read once, in one request, and only those
    // bases are read, instead of a lookup per row (half of a drain's pages are history events, which never have one).
    const based = new Set(await this.db.bases.toCollection().primaryKeys());
    // Puts are stored in runs, a few bulk requests each (one IndexedDB request per change was most of
    // a page's time); a drop ends a run, so a ticket dropped and sent again in one page ends up stored.
    let run: PutChange[] = [];
    for (const change of changes) {
      if (change.op === 'put') {
        run.push(change);
        continue;
      }
      await this.storePuts(run, rebuild, based);
      run = [];
      for (const key of await this.applyDrop(change.id)) based.delete(key);
    }
    await this.storePuts(run, rebuild, based);
    // Only escalations and their answers can be news; a drain's own field and priority events are not
    // (reading each back for the notifier was 4,000 IndexedDB requests in a 1,000-change drain).
    await recordArrivals(this.db, changes.flatMap((c) => (c.entity === 'event' && c.op === 'put' && ESCALATION_EVENT_KINDS.has(c.row.kind) ? [c.row.id] : [])));
    await this.db.meta.put({ key: 'cursor', value: cursor });
    // The outbox is read once per page: it is what confirms entries and what the rebuild replays.
    const outbox = await this.db.outbox.orderBy('id').toArray();
    const confirmed = outbox.filter((e) => e.acknowledged && e.acknowledged.changeSeq <= cursor);
    const runs = neighbourRuns(outbox, new Set(confirmed.map((e) => e.id)));
    // A range delete is two requests (a count, then the delete): single entries go in one bulk request.
    for (const [first, last] of runs) if (first !== last) await this.db.outbox.where(':id').between(first, last, true, true).delete();
    await this.db.outbox.bulkDelete(runs.filter(([first, last]) => first === last).map(([id]) => id));
    for (const entry of confirmed) for (const row of touchedRows(entry.name, entry.args)) rebuild.add(baseKey(row.entity, row.id));
    const gone = new Set(confirmed.map((e) => e.id));
    await this.rebuildPendingRows(rebuild, outbox.filter((e) => !gone.has(e.id)));
  }

  /** A ticket that left the agent's view goes with its comments, calls and history; answers the keys of the bases it deleted. */
  private async applyDrop(ticketId: string): Promise<string[]> {
    const comments = await this.db.comments.where('ticketId').equals(ticketId).primaryKeys();
    const calls = await this.db.calls.where('ticketId').equals(ticketId).primaryKeys();
    await this.db.tickets.delete(ticketId);
    await this.db.comments.bulkDelete(comments);
    await this.db.calls.bulkDelete(calls);
    await this.db.events.where('ticketId').equals(ticketId).delete();
    await this.db.timelines.delete(ticketId);
    const bases = [baseKey('ticket', ticketId), ...comments.map((id) => baseKey('comment', id)), ...calls.map((id) => baseKey('call', id))];
    await this.db.bases.bulkDelete(bases);
    return bases;
  }

  /**
   * Stores pulled rows newer than what the mirror holds. A row with changes in flight has its server
   * version kept as the base instead, and its key goes to `rebuild` so its view is rebuilt. `based`: the
   * keys of the bases the mirror holds.
   */
  private async storePuts(puts: readonly PutChange[], rebuild: Set<string>, based: ReadonlySet<string>): Promise<void> {
    if (puts.length === 0) return;
    const keys = [...new Set(puts.map((c) => baseKey(c.entity, c.row.id)))].filter((key) => based.has(key));
    const stored = await this.db.bases.bulkGet(keys);
    const bases = new Map(keys.map((key, i) => [key, stored[i]]));
    const unbased = new Map<MirrorEntity, string[]>();
    for (const change of puts) {
      if (bases.get(baseKey(change.entity, change.row.id))) continue;
      // Only tickets and customers carry versions: a row without one is never older than the mirror's, so it is not read.
      if (!('version' in change.row)) continue;
      const ids = unbased.get(change.entity) ?? [];
      ids.push(change.row.id);
      unbased.set(change.entity, ids);
    }
    const current = new Map<string, { version?: number } | null | undefined>();
    for (const [entity, ids] of unbased) {
      const rows = (await this.db.table(TABLE_OF[entity]).bulkGet(ids)) as Array<{ version?: number } | undefined>;
      ids.forEach((id, i) => current.set(baseKey(entity, id), rows[i]));
    }
    const rowPuts = new Map<MirrorEntity, Map<string, unknown>>();
    const basePuts = new Map<string, BaseRow>();
    for (const change of puts) {
      const key = baseKey(change.entity, change.row.id);
      const base = basePuts.get(key) ?? bases.get(key);
      const mine = base ? (base.row as { version?: number } | null) : current.get(key);
      // Tickets and customers carry versions; comments and calls never change once written.
      const incomingVersion = 'version' in change.row ? change.row.version : Infinity;
      if (mine && typeof mine.version === 'number' && incomingVersion <= mine.version) continue;
      if (base) {
        basePuts.set(key, { ...base, row: change.row });
        rebuild.add(key);
      } else {
        const rows = rowPuts.get(change.entity) ?? new Map<string, unknown>();
        rowPuts.set(change.entity, rows.set(change.row.id, change.row));
        current.set(key, change.row as { version?: number });
      }
    }
    for (const [entity, rows] of rowPuts) await this.db.table(TABLE_OF[entity]).bulkPut([...rows.values()]);
    if (basePuts.size > 0) await this.db.bases.bulkPut([...basePuts.values()]);
  }

  /**
   * Every row with changes in flight shows the server's version plus those changes, in order: all of them
   * (after a bootstrap), or only `keys`, the rows whose server version or changes in flight just moved,
   * with the other rows those changes touch (a reply touches its ticket). Every such row goes back to its
   * base first, then each change in flight is applied once, in outbox order. A page used to rebuild every
   * row in flight, so draining a large outbox was quadratic.
   */
  private async rebuildPendingRows(keys?: ReadonlySet<string>, outbox?: readonly OutboxEntry[]): Promise<void> {
    if (keys?.size === 0) return;
    const entries = outbox ?? (await this.db.outbox.orderBy('id').toArray());
    const pending = entries.map((entry) => ({ entry, keys: touchedRows(entry.name, entry.args).map((row) => baseKey(row.entity, row.id)) }));
    const wanted = keys ? new Set(keys) : null;
    for (let grown = wanted !== null; grown; ) {
      grown = false;
      for (const { keys: touched } of pending) {
        if (!touched.some((key) => wanted!.has(key))) continue;
        for (const key of touched) {
          if (wanted!.has(key)) continue;
          wanted!.add(key);
          grown = true;
        }
      }
    }
    const bases = wanted ? (await this.db.bases.bulkGet([...wanted])).filter((b) => b !== undefined) : await this.db.bases.toArray();
    const rebuilt = new Set(bases.map((base) => base.key));
    const serverVersion = new Map(bases.map((base) => [base.key, (base.row as { version?: number } | null)?.version ?? -1]));
    // A change whose rows have no base left (a ticket dropped from view) has nothing to show. Pulls send rows
    // as they are now, so a row at or past an acknowledged change's sequence already holds its effect (or its
    // refusal) though the cursor has not reached it yet: applied again, an escalation would count twice.
    const inFlight = pending.filter(({ keys: touched }) => touched.some((key) => rebuilt.has(key)));
    const alreadyIn = (entry: OutboxEntry, touched: readonly string[]) =>
      entry.acknowledged !== undefined && touched.some((key) => (serverVersion.get(key) ?? -1) >= entry.acknowledged!.changeSeq);
    const toApply = inFlight.filter(({ entry, keys: touched }) => !alreadyIn(entry, touched));
    // A row the server has not sent yet (its own change is a page further on) keeps its local version when no
    // change will write it again, so the agent's note or escalation does not blink out meanwhile.
    const rewritten = new Set(toApply.flatMap(({ keys: touched }) => touched));
    const stillPending = new Set(inFlight.flatMap(({ keys: touched }) => touched));
    // Back to the server's rows in a few bulk requests per table (a request per row was a page's slowest part).
    const restore = new Map<MirrorEntity, { puts: unknown[]; deletes: string[] }>();
    for (const base of bases) {
      const work = restore.get(base.entity) ?? { puts: [], deletes: [] };
      restore.set(base.entity, work);
      if (base.row !== null) work.puts.push(base.row);
      else if (rewritten.has(base.key) || !stillPending.has(base.key)) work.deletes.push(base.id);
    }
    for (const [entity, { puts, deletes }] of restore) {
      const table = this.db.table(TABLE_OF[entity]);
      if (puts.length > 0) await table.bulkPut(puts);
      if (deletes.length > 0) await table.bulkDelete(deletes);
    }
    const ctx = this.context();
    for (const { entry } of toApply) await applyLocally(this.db, entry.name, entry.args, ctx);
    const done = bases.filter((base) => !stillPending.has(base.key)).map((base) => base.key);
    if (done.length > 0) await this.db.bases.bulkDelete(done);
  }

  /** The server no longer has changes this far back: reload everything, keeping every unsent change. */
  private async resetMirror(): Promise<void> {
    await this.db.transaction('rw', [...SYNC_TABLES], async () => {
      for (const name of MIRROR_TABLES) await this.db.table(name).clear();
      await this.db.bases.clear();
      for (const entry of await this.db.outbox.toArray()) {
        for (const row of touchedRows(entry.name, entry.args)) {
          await this.db.bases.put({ key: baseKey(row.entity, row.id), entity: row.entity, id: row.id, row: null });
        }
      }
      await this.db.meta.put({ key: 'cursor', value: 0 });
      await this.db.meta.put({ key: 'bootstrap', value: { done: false } });
    });
  }

  /**
   * Fills an empty mirror from paged HTTP snapshots, most relevant rows first, each page one
   * transaction that also records where to resume; then the pull replays everything after the snapshot.
   * The next page is fetched while the current one is written, so the server's work and the network
   * overlap IndexedDB's.
   */
  private async bootstrapIfNeeded(transport: SyncTransport): Promise<void> {
    const progress = ((await this.db.meta.get('bootstrap'))?.value ?? { done: false }) as BootstrapProgress;
    if (progress.done) return;
    try {
      await this.bootstrapPages(transport, progress, () => this.catchingUp());
    } catch (error) {
      // The server refused a position it gave out (rolled back, or restored from a backup, since): what was
      // stored of this bootstrap may no longer be the server's, so it starts over from an empty mirror, once
      // a run. The mirror is emptied only once the new first page is here: offline now, it stays as it was.
      if (!(error instanceof SyncError && error.code === 'resync_required') || this.bootstrapRestarted) throw error;
      this.bootstrapRestarted = true;
      const first = await transport.bootstrap({ limit: BOOTSTRAP_FIRST_PAGE });
      this.caughtUp();
      await this.resetMirror();
      await this.bootstrapPages(transport, { done: false }, () => this.catchingUp(), first);
    }
  }

  /** The pages of a bootstrap; `catchingUp` is called once the first is stored and read (the first screen is not held back). */
  private async bootstrapPages(transport: SyncTransport, progress: BootstrapProgress, catchingUp: () => void, firstPage?: BootstrapPage): Promise<void> {
    const fetchPage = (next: string | undefined, snapshot: number | undefined) => {
      // A small first page puts the agent's own open tickets on screen at once; larger ones after it
      // mean fewer transactions (each a disk flush) for the rest.
      const limit = next ? BOOTSTRAP_PAGE : BOOTSTRAP_FIRST_PAGE;
      const request = transport.bootstrap({ ...(next ? { after: next } : {}), ...(snapshot !== undefined ? { snapshot } : {}), limit });
      request.catch(() => undefined); // awaited below; a failure while the previous page is written is not unhandled
      return request;
    };
    let pending = firstPage ? Promise.resolve(firstPage) : fetchPage(progress.next, progress.snapshotSeq);
    for (let page = 0; page < 100_000; page++) {
      const result = await pending;
      if (result.next) pending = fetchPage(result.next, result.snapshotSeq);
      await this.db.transaction('rw', [...SYNC_TABLES], async () => {
        // With no change in flight, the rows here are only earlier pages', read earlier, so never newer:
        // the page is written without reading what it replaces.
        if ((await this.db.bases.count()) === 0) await this.storeAll(result.rows);
        else await this.storeRows(result.rows);
        if (result.next) {
          await this.db.meta.put({ key: 'bootstrap', value: { done: false, snapshotSeq: result.snapshotSeq, next: result.next } });
        } else {
          await this.db.meta.put({ key: 'bootstrap', value: { done: true } });
          await this.db.meta.put({ key: 'cursor', value: result.snapshotSeq });
          await this.rebuildPendingRows();
        }
      });
      if (!result.next) return;
      if (page === 0 && progress.next === undefined) await this.firstPageShown();
      catchingUp();
    }
  }

  private async storeAll(rows: ReadonlyArray<Extract<Change, { op: 'put' }>>): Promise<void> {
    for (const [entity, incoming] of rowsByEntity(rows)) {
      if (entity === 'event') await this.storeTimelines(incoming as unknown as TicketEvent[]);
      else await this.db.table(TABLE_OF[entity]).bulkPut(incoming);
    }
  }

  /**
   * A bootstrap page's history, one record per ticket. The server sends each ticket's events in one page,
   * tickets in id order, so the page's range of tickets normally holds no record yet: one key read finds
   * that, and records already there are merged by event id. A page not in ticket order (a server from
   * before history by ticket sends it by event) goes to `events` as one row each: merged, each of its
   * pages would rewrite records across the whole mirror. Readers take both (ticket-history.ts).
   */
  private async storeTimelines(events: readonly TicketEvent[]): Promise<void> {
    if (events.some((event, i) => i > 0 && event.ticketId < events[i - 1]!.ticketId)) {
      await this.db.events.bulkPut([...events]);
      return;
    }
    const byTicket = new Map<string, Map<string, TicketEvent>>();
    for (const event of events) {
      const entries = byTicket.get(event.ticketId);
      if (entries) entries.set(event.id, event);
      else byTicket.set(event.ticketId, new Map([[event.id, event]]));
    }
    const ticketIds = [...byTicket.keys()];
    if (ticketIds.length === 0) return;
    const stored = await this.db.timelines.where(':id').between(ticketIds[0]!, ticketIds.at(-1)!, true, true).primaryKeys();
    const held = stored.filter((id) => byTicket.has(id));
    const merged = new Map<string, readonly TicketEvent[]>();
    for (const timeline of held.length > 0 ? await this.db.timelines.bulkGet(held) : []) {
      if (!timeline) continue;
      // The arriving copy of an event wins.
      const arriving = byTicket.get(timeline.ticketId)!;
      merged.set(timeline.ticketId, [...timeline.events.filter((e) => !arriving.has(e.id)), ...arriving.values()]);
    }
    await this.db.timelines.bulkPut(ticketIds.map((ticketId) => ({ ticketId, events: merged.get(ticketId) ?? [...byTicket.get(ticketId)!.values()] })));
  }

  /** Bulk form of applyChange for many puts: one read and one write per table instead of per row. */
  private async storeRows(rows: ReadonlyArray<Extract<Change, { op: 'put' }>>): Promise<void> {
    for (const [entity, incoming] of rowsByEntity(rows)) {
      const table = this.db.table(TABLE_OF[entity]);
      const bases = await this.db.bases.bulkGet(incoming.map((row) => baseKey(entity, row.id)));
      const current = (await table.bulkGet(incoming.map((row) => row.id))) as Array<{ version?: number } | undefined>;
      const puts: unknown[] = [];
      for (const [i, row] of incoming.entries()) {
        const base = bases[i];
        const existing = base ? (base.row as { version?: number } | null) : current[i];
        if (existing && typeof existing.version === 'number' && (row.version ?? Infinity) <= existing.version) continue;
        if (base) await this.db.bases.put({ ...base, row });
        else puts.push(row);
      }
      await table.bulkPut(puts);
    }
  }

  private async refreshLease(transport: SyncTransport): Promise<void> {
    const { clientId, lease } = await this.meta();
    if (lease && lease.next - lease.first < (lease.last - lease.first + 1) / 2) return;
    const response = await transport.lease({ clientId });
    if (!response.ok) return;
    const next = lease && lease.first === response.lease.first ? lease.next : response.lease.first;
    await this.db.meta.put({ key: 'lease', value: { ...response.lease, next } });
  }
}

/**
 * The chosen entries of an outbox read in id order, as runs of neighbours `[first id, last id]`: confirmed
 * entries are nearly always one run at the outbox's head. Deleted as ranges, a run is one change for
 * Dexie's live queries to track, where a list of keys was a change per key (tens of ms of a drained page).
 */
export function neighbourRuns(ordered: readonly OutboxEntry[], chosen: ReadonlySet<number>): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let open: [number, number] | null = null;
  for (const { id } of ordered) {
    if (!chosen.has(id)) {
      open = null;
      continue;
    }
    if (open) open[1] = id;
    else runs.push((open = [id, id]));
  }
  return runs;
}

function rowsByEntity(rows: ReadonlyArray<Extract<Change, { op: 'put' }>>): Map<MirrorEntity, Array<{ id: string; version?: number }>> {
  const byEntity = new Map<MirrorEntity, Array<{ id: string; version?: number }>>();
  for (const change of rows) {
    const list = byEntity.get(change.entity) ?? [];
    list.push(change.row as { id: string; version?: number });
    byEntity.set(change.entity, list);
  }
  return byEntity;
}
