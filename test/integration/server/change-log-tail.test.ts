import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KyselyPlugin, RootOperationNode, Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../core/ids';
import { seedDemoWorkspace } from '../../../server/demo/demo-workspace';
import { openDatabase } from '../../../server/storage/database';
import { createQueryBuilder, type Db } from '../../../server/storage/query-builder';
import { runWithOptimisticSavepoints } from '../../../server/storage/savepoint';
import type { StorageSchema } from '../../../server/storage/schema';
import { ChangeLogTail } from '../../../server/sync/change-log-tail';
import { appendChange, noteInserted, storeTicketEvent, ticketEventRow, writtenRows, type WriteContext } from '../../../server/sync/mutators/change-writer';

// A real SQLite file with the demo workspace: its tickets are what the history events belong to.
let dir: string;
let db: Db;
let ticketId: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-tail-'));
  db = createQueryBuilder(openDatabase(dir));
  await seedDemoWorkspace(db, new Date(), { customers: 5, tickets: 5 });
  ticketId = (await db.selectFrom('tickets').select('id').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** Counts the tail's reads of the change log's rows and of history events (not its look at the log's end). */
function countingReads() {
  const reads = { changes: 0, events: 0, comments: 0, calls: 0 };
  const plugin: KyselyPlugin = {
    transformQuery: ({ node }) => {
      const text = JSON.stringify(node satisfies RootOperationNode);
      if (node.kind === 'SelectQueryNode' && text.includes('"ticket_events"')) reads.events++;
      if (node.kind === 'SelectQueryNode' && text.includes('"comments"')) reads.comments++;
      if (node.kind === 'SelectQueryNode' && text.includes('"calls"')) reads.calls++;
      if (node.kind === 'SelectQueryNode' && text.includes('"changes"') && !text.includes('"AggregateFunctionNode"')) reads.changes++;
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return { reads, db: db.withPlugin(plugin) };
}

/** A change to a ticket and two history events, as a push writes them; what the transaction handed over. */
async function commitTriage(optimistic: boolean) {
  const body = async (trx: Transaction<StorageSchema>) => {
    const ctx: WriteContext = { trx, now: new Date(), user: null, clientId: null };
    await appendChange(ctx, { entity: 'ticket', entityId: ticketId });
    for (const kind of ['priority_changed', 'status_changed'] as const) await storeTicketEvent(ctx, ticketEventRow(ctx, ticketId, kind, { note: kind }, newId()));
    return writtenRows(trx);
  };
  return optimistic ? runWithOptimisticSavepoints(db, body) : db.transaction().execute(body);
}

const storedAfter = async (seq: number) => ({
  changes: await db.selectFrom('changes').selectAll().where('seq', '>', seq).orderBy('seq').execute(),
  events: await db.selectFrom('ticket_events').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute(),
});
const headOfLog = async () => Number((await db.selectFrom('changes').select((eb) => eb.fn.max('seq').as('s')).executeTakeFirst())?.s ?? 0);
const byIdOrder = <R extends { id: string }>(rows: Iterable<R>) => [...rows].sort((a, b) => a.id.localeCompare(b.id));

/** A tail started at the log's present, as the server starts it, reading through the counting builder. */
async function freshTail() {
  const { reads, db: watched } = countingReads();
  const tail = new ChangeLogTail(watched);
  await tail.page(Number.MAX_SAFE_INTEGER, 0);
  return { reads, tail };
}

describe('the pull’s in-memory tail of the change log', () => {
  it('takes the rows a commit hands over as read, exactly as stored, without reading them back', async () => {
    const { reads, tail } = await freshTail();
    // A page before the commit: the tail now holds the ticket's row as it was.
    const before = await headOfLog();
    await commitTriage(true).then((written) => tail.adopt(written!));
    expect((await tail.page(before, 100))?.tickets.has(ticketId)).toBe(true);
    const head = await headOfLog();
    const written = await commitTriage(true);
    expect(written?.changes).toHaveLength(3);
    await db.updateTable('tickets').set({ subject: 'Changed in the same commit' }).where('id', '=', ticketId).execute();
    tail.adopt(written!);
    const page = await tail.page(head, 100);
    const stored = await storedAfter(head);
    expect(page?.changes).toStrictEqual(stored.changes);
    expect(byIdOrder(page!.events.values())).toStrictEqual(stored.events.filter((e) => page!.events.has(e.id)));
    expect(page!.events.size).toBe(2);
    // The ticket the handover touched is read again, not served as it was before.
    expect(page!.tickets.get(ticketId)?.subject).toBe('Changed in the same commit');
    expect(reads).toEqual({ changes: 0, events: 0, comments: 0, calls: 0 });
  });

  it('takes a note and a logged call handed over as read, exactly as stored', async () => {
    const { reads, tail } = await freshTail();
    const head = await headOfLog();
    const agentId = (await db.selectFrom('users').select('id').executeTakeFirstOrThrow()).id;
    // As comment.add and call.log write them: the row with every column, then its change-log entry.
    const written = await runWithOptimisticSavepoints(db, async (trx) => {
      const ctx: WriteContext = { trx, now: new Date(), user: { id: agentId }, clientId: null };
      const comment = { id: newId(), ticket_id: ticketId, author_id: agentId, visibility: 'internal' as const, body: 'Caller will ring back after lunch', created_at: ctx.now.toISOString() };
      await trx.insertInto('comments').values(comment).execute();
      noteInserted(trx, { comment });
      await appendChange(ctx, { entity: 'comment', entityId: comment.id, ticketId });
      const call = { id: newId(), ticket_id: ticketId, customer_id: null, agent_id: agentId, direction: 'inbound', number: '+442079460000', started_at: ctx.now.toISOString(), ended_at: null, notes: '', disposition: null };
      await trx.insertInto('calls').values(call).execute();
      noteInserted(trx, { call });
      await appendChange(ctx, { entity: 'call', entityId: call.id, ticketId });
      return writtenRows(trx);
    });
    tail.adopt(written!);
    const page = await tail.page(head, 100);
    expect(page?.changes).toStrictEqual((await storedAfter(head)).changes);
    expect([...page!.comments.values()]).toStrictEqual(await db.selectFrom('comments').selectAll().where('id', '=', written!.comments[0]!.id).execute());
    expect([...page!.calls.values()]).toStrictEqual(await db.selectFrom('calls').selectAll().where('id', '=', written!.calls[0]!.id).execute());
    expect(reads).toEqual({ changes: 0, events: 0, comments: 0, calls: 0 });
  });

  it('declines a handover with a change whose row it does not hold, and reads it from SQLite instead', async () => {
    const { reads, tail } = await freshTail();
    const head = await headOfLog();
    const written = await commitTriage(true);
    // One history event's row left out of the handover.
    tail.adopt({ ...written!, events: written!.events.slice(1) });
    const page = await tail.page(head, 100);
    expect(page?.changes).toStrictEqual((await storedAfter(head)).changes);
    expect(page!.events.size).toBe(2);
    expect(reads.changes).toBeGreaterThan(0);
    expect(reads.events).toBeGreaterThan(0);
  });

  it('reads from SQLite what follows a commit that handed nothing over, and what a later handover then skips', async () => {
    const { reads, tail } = await freshTail();
    const head = Number((await db.selectFrom('changes').select((eb) => eb.fn.max('seq').as('s')).executeTakeFirst())?.s ?? 0);
    // With savepoints the transaction keeps nothing to hand over; then one that does, after a gap in the tail.
    expect(await commitTriage(false)).toBeUndefined();
    const written = await commitTriage(true);
    tail.adopt(written!);
    const page = await tail.page(head, 100);
    expect(page?.changes).toEqual((await storedAfter(head)).changes);
    expect(page!.changes).toHaveLength(6);
    expect(page!.events.size).toBe(4);
    expect(reads.changes).toBeGreaterThan(0);
  });
});
