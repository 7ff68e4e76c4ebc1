import type { Selectable } from 'kysely';
import type { Db } from '../storage/query-builder';
import type { CallsTable, ChangesTable, CommentsTable, CustomersTable, TicketEventsTable, TicketsTable } from '../storage/schema';
import type { WrittenRows } from './mutators/change-writer';

/** The rows a page of the change log refers to. */
export interface PageRows {
  readonly changes: ReadonlyArray<Selectable<ChangesTable>>;
  readonly more: boolean;
  readonly tickets: ReadonlyMap<string, Selectable<TicketsTable>>;
  readonly events: ReadonlyMap<string, Selectable<TicketEventsTable>>;
  readonly comments: ReadonlyMap<string, Selectable<CommentsTable>>;
  readonly calls: ReadonlyMap<string, Selectable<CallsTable>>;
  readonly customers: ReadonlyMap<string, Selectable<CustomersTable>>;
}

/** Changes kept in memory; a cursor older than the oldest is served from SQLite. */
const TAIL_LENGTH = 2_000;
const READ_BATCH = 500;

const byId = <R extends { id: string }>(rows: readonly R[]) => new Map(rows.map((r) => [r.id, r]));

/**
 * The newest part of the change log in memory, shared by every pull. Change-log entries, history events,
 * comments and calls never change once committed, so they are read from SQLite once; tickets and
 * customers are kept until a change to them arrives. Under a thousand clients each pull used to read its
 * own range of the log and its rows from SQLite, and as pulls slowed the ranges grew: most of the server's
 * time under the capacity bench.
 *
 * Every page first catches up with the log's head in SQLite (one cheap query), so whatever wrote a change
 * and however it was announced, a pull never misses it.
 */
export class ChangeLogTail {
  private readonly entries: Array<Selectable<ChangesTable>> = [];
  /** The tail holds every change with `from < seq <= head`. */
  private from = -1;
  private head = -1;
  private catchingUp: Promise<void> | null = null;
  /** One more catch-up after the running one, for the pulls that arrived while it ran. */
  private nextCatchUp: Promise<void> | null = null;
  /** Bumped at each catch-up and handover: a ticket read before one may be older than a change it brought. */
  private generation = 0;
  private readonly events = new Map<string, Selectable<TicketEventsTable>>();
  private readonly comments = new Map<string, Selectable<CommentsTable>>();
  private readonly calls = new Map<string, Selectable<CallsTable>>();
  private readonly tickets = new Map<string, Selectable<TicketsTable>>();
  private readonly customers = new Map<string, Selectable<CustomersTable>>();

  constructor(private readonly db: Db) {}

  /**
   * The page after `cursor` (up to `upto` when given), or null when the cursor is older than the tail (read
   * it from SQLite).
   */
  async page(cursor: number, limit: number, upto = Infinity): Promise<PageRows | null> {
    await this.catchUp();
    if (cursor < this.from) return null;
    const start = this.firstAfter(cursor);
    const end = Math.min(start + limit + 1, this.firstAfter(upto));
    const read = this.entries.slice(start, end);
    const more = read.length > limit;
    const changes = more ? read.slice(0, limit) : read;
    const pick = <R>(kept: ReadonlyMap<string, R>, entity: ChangesTable['entity']) => {
      const rows = new Map<string, R>();
      for (const c of changes) {
        const row = c.entity === entity ? kept.get(c.entity_id) : undefined;
        if (row) rows.set(c.entity_id, row);
      }
      return rows;
    };
    // Taken before any await: another pull's catch-up may trim these entries and their rows meanwhile.
    const [events, comments, calls] = [pick(this.events, 'event'), pick(this.comments, 'comment'), pick(this.calls, 'call')];
    const tickets = await this.current(this.tickets, changes.map((c) => c.ticket_id), (ids) => this.db.selectFrom('tickets').selectAll().where('id', 'in', ids).execute());
    const customerIds = changes.filter((c) => c.entity === 'customer').map((c) => c.entity_id);
    const customers = await this.current(this.customers, customerIds, (ids) => this.db.selectFrom('customers').selectAll().where('id', 'in', ids).execute());
    return { changes, more, tickets, customers, events, comments, calls };
  }

  /**
   * The change-log entries after `cursor` up to `upto`, without the rows they refer to, or null when the
   * cursor is older than the tail: a poke asks before it reads a page's rows, which it would not carry past
   * its limit anyway, and finds the rooms of a larger one from these.
   */
  async entriesAfter(cursor: number, upto: number): Promise<ReadonlyArray<Selectable<ChangesTable>> | null> {
    await this.catchUp();
    if (cursor < this.from) return null;
    return this.entries.slice(this.firstAfter(cursor), this.firstAfter(upto));
  }

  private firstAfter(cursor: number): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.entries[mid]!.seq <= cursor) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /**
   * Reads what was committed since the last look. A pull that arrives while a catch-up runs waits for the
   * next one (shared by all who arrive meanwhile): the running one may have read the head before the
   * commit this pull was poked for.
   */
  private catchUp(): Promise<void> {
    if (!this.catchingUp) {
      this.catchingUp = this.readNewChanges().finally(() => (this.catchingUp = null));
      return this.catchingUp;
    }
    this.nextCatchUp ??= this.catchingUp
      .catch(() => undefined)
      .then(() => {
        this.nextCatchUp = null;
        return this.catchUp();
      });
    return this.nextCatchUp;
  }

  private async readNewChanges(): Promise<void> {
    const top = Number((await this.db.selectFrom('changes').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst())?.seq ?? 0);
    if (this.head < 0) {
      // The tail starts at the present: cursors behind it are older than anything it will hold.
      this.from = this.head = top;
      return;
    }
    while (this.head < top) {
      const batch = await this.db.selectFrom('changes').selectAll().where('seq', '>', this.head).where('seq', '<=', top).orderBy('seq').limit(READ_BATCH).execute();
      if (batch.length === 0) break;
      await this.remember(batch);
      this.head = batch.at(-1)!.seq;
    }
    this.head = Math.max(this.head, top);
    this.trim();
  }

  /**
   * The rows a commit has just written, handed over by its writer (push-service.ts), taken as if read: the
   * pokes after a push read back its change-log rows and history events, a fifth of SQLite's time in the
   * push bench. Taken only when they follow on from the head with no gap (nothing else committed between),
   * no catch-up is reading meanwhile, and every event, comment and call row they name is handed over too;
   * otherwise the next catch-up reads them from SQLite as before.
   */
  adopt(written: WrittenRows): void {
    const { changes } = written;
    if (this.head < 0 || this.catchingUp || changes.length === 0 || changes[0]!.seq !== this.head + 1) return;
    const [events, comments, calls] = [byId(written.events), byId(written.comments), byId(written.calls)];
    const unheld = ({ entity, entity_id: id }: Selectable<ChangesTable>) =>
      (entity === 'event' && !events.has(id)) || (entity === 'comment' && !comments.has(id)) || (entity === 'call' && !calls.has(id));
    for (const [i, change] of changes.entries()) {
      if ((i > 0 && change.seq !== changes[i - 1]!.seq + 1) || unheld(change)) return;
    }
    for (const { entity, entity_id: id } of changes) {
      if (entity === 'event') this.events.set(id, events.get(id)!);
      else if (entity === 'comment') this.comments.set(id, comments.get(id)!);
      else if (entity === 'call') this.calls.set(id, calls.get(id)!);
    }
    this.keep(changes);
    this.head = changes.at(-1)!.seq;
    this.trim();
  }

  private async remember(batch: ReadonlyArray<Selectable<ChangesTable>>): Promise<void> {
    const ids = (entity: ChangesTable['entity']) => [...new Set(batch.filter((c) => c.entity === entity).map((c) => c.entity_id))];
    const [events, comments, calls] = [ids('event'), ids('comment'), ids('call')];
    if (events.length) for (const [id, row] of byId(await this.db.selectFrom('ticket_events').selectAll().where('id', 'in', events).execute())) this.events.set(id, row);
    if (comments.length) for (const [id, row] of byId(await this.db.selectFrom('comments').selectAll().where('id', 'in', comments).execute())) this.comments.set(id, row);
    if (calls.length) for (const [id, row] of byId(await this.db.selectFrom('calls').selectAll().where('id', 'in', calls).execute())) this.calls.set(id, row);
    this.keep(batch);
  }

  /** Appends changes whose rows are kept already; whatever they touched is read again when asked. */
  private keep(batch: ReadonlyArray<Selectable<ChangesTable>>): void {
    this.generation++;
    for (const change of batch) {
      // Whatever a change touched may have moved its ticket (scope, version): read it again when asked.
      if (change.ticket_id) this.tickets.delete(change.ticket_id);
      if (change.entity === 'customer') this.customers.delete(change.entity_id);
      this.entries.push(change);
    }
  }

  private trim(): void {
    const excess = this.entries.length - TAIL_LENGTH;
    if (excess <= 0) return;
    for (const change of this.entries.splice(0, excess)) {
      this.events.delete(change.entity_id);
      this.comments.delete(change.entity_id);
      this.calls.delete(change.entity_id);
    }
    this.from = this.entries[0]!.seq - 1;
    if (this.tickets.size > TAIL_LENGTH * 2) this.tickets.clear();
    if (this.customers.size > TAIL_LENGTH * 2) this.customers.clear();
  }

  /** The current rows of these tickets or customers: kept ones, the rest read in one query and kept. */
  private async current<R extends { id: string }>(kept: Map<string, R>, wanted: ReadonlyArray<string | null>, load: (ids: string[]) => Promise<R[]>): Promise<Map<string, R>> {
    const rows = new Map<string, R>();
    const missing: string[] = [];
    for (const id of new Set(wanted)) {
      if (id === null) continue;
      const row = kept.get(id);
      if (row) rows.set(id, row);
      else missing.push(id);
    }
    if (missing.length === 0) return rows;
    const generation = this.generation;
    for (const row of await load(missing)) {
      rows.set(row.id, row);
      // A catch-up since the read may have brought a change to this row: then it is not kept.
      if (generation === this.generation) kept.set(row.id, row);
    }
    return rows;
  }
}
