import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/storage/database';
import { prepareQuery } from '../../../server/storage/prepared-query';
import { createQueryBuilder, type Db } from '../../../server/storage/query-builder';

let dir: string;
let db: Db;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-prepared-'));
  db = createQueryBuilder(openDatabase(dir));
});
afterAll(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const insertChange = prepareQuery((q, p: { entityId: string; at: string }) =>
  q
    .insertInto('changes')
    .values({ entity: 'call', entity_id: p.entityId, ticket_id: null, prev_team_id: null, prev_assignee_id: null, prev_escalation_level: null, scope_changed: 0, at: p.at })
    .returning('seq'),
);
// A constant list beside a parameter: the constants stay, only the parameter moves.
const changesOf = prepareQuery((q, p: { entityId: string }) =>
  q.selectFrom('changes').select(['seq', 'entity', 'entity_id', 'at']).where('entity', 'in', ['call', 'comment']).where('entity_id', '=', p.entityId).orderBy('seq'),
);

describe('a query prepared once', () => {
  it('runs with each call’s own values, in a transaction and outside one, the same as the query built each time', async () => {
    const first = await db.transaction().execute(async (trx) => {
      const a = await insertChange.executeTakeFirst(trx, { entityId: 'call-a', at: '2026-12-01T10:00:00.000Z' });
      const b = await insertChange.executeTakeFirst(trx, { entityId: 'call-b', at: '2026-12-01T10:01:00.000Z' });
      return [a!.seq, b!.seq];
    });
    expect(first[1]).toBe(first[0]! + 1);
    const c = await insertChange.executeTakeFirst(db, { entityId: 'call-a', at: '2026-12-01T10:02:00.000Z' });

    const ofA = await changesOf.execute(db, { entityId: 'call-a' });
    expect(ofA).toEqual([
      { seq: first[0], entity: 'call', entity_id: 'call-a', at: '2026-12-01T10:00:00.000Z' },
      { seq: c!.seq, entity: 'call', entity_id: 'call-a', at: '2026-12-01T10:02:00.000Z' },
    ]);
    const built = await db.selectFrom('changes').select(['seq', 'entity', 'entity_id', 'at']).where('entity', 'in', ['call', 'comment']).where('entity_id', '=', 'call-b').orderBy('seq').execute();
    expect(await changesOf.execute(db, { entityId: 'call-b' })).toEqual(built);
    expect(await changesOf.executeTakeFirst(db, { entityId: 'nobody' })).toBeUndefined();
  });

  it('rolls back with the transaction it ran in', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await insertChange.execute(trx, { entityId: 'call-rolled-back', at: '2026-12-01T11:00:00.000Z' });
        throw new Error('the mutation failed');
      }),
    ).rejects.toThrow('the mutation failed');
    expect(await changesOf.execute(db, { entityId: 'call-rolled-back' })).toEqual([]);
  });

  it('run outside a transaction, waits for the one holding the connection and is not rolled back with it', async () => {
    let inside!: () => void;
    const holding = new Promise<void>((resolve) => (inside = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const other = db.transaction().execute(async (trx) => {
      await insertChange.execute(trx, { entityId: 'call-of-the-other', at: '2026-12-01T12:00:00.000Z' });
      inside();
      await released;
      throw new Error('the other transaction failed');
    });
    await holding;
    // Started while the other transaction holds the connection: it must queue, not run inside it.
    const outside = insertChange.execute(db, { entityId: 'call-outside', at: '2026-12-01T12:01:00.000Z' });
    release();
    await expect(other).rejects.toThrow('the other transaction failed');
    await outside;
    expect((await changesOf.execute(db, { entityId: 'call-outside' })).map((c) => c.entity_id)).toEqual(['call-outside']);
    expect(await changesOf.execute(db, { entityId: 'call-of-the-other' })).toEqual([]);
  });

  it('a statement SQLite refuses inside a transaction comes back as a rejection the caller can catch, and stores nothing', async () => {
    // The same change inserted twice: the second breaks the primary key (seq) inside the transaction.
    const twice = prepareQuery((q, p: { seq: number }) =>
      q.insertInto('changes').values({ seq: p.seq, entity: 'call', entity_id: 'call-twice', ticket_id: null, prev_team_id: null, prev_assignee_id: null, prev_escalation_level: null, scope_changed: 0, at: 'x' }),
    );
    const top = (await db.selectFrom('changes').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst())?.seq ?? 0;
    let pending: Promise<unknown> | undefined;
    await expect(
      db.transaction().execute(async (trx) => {
        await twice.run(trx, { seq: Number(top) + 1 });
        // Not thrown at the call: a caller holding the promise (as Promise.all does) still gets the failure.
        pending = twice.execute(trx, { seq: Number(top) + 1 });
        await pending;
      }),
    ).rejects.toThrow(/UNIQUE|PRIMARY KEY/);
    await expect(pending).rejects.toThrow(/UNIQUE|PRIMARY KEY/);
    expect(await changesOf.execute(db, { entityId: 'call-twice' })).toEqual([]);
  });

  it('gives the same rows, counts and row ids inside a transaction (straight on the connection) as outside one (through Kysely’s driver)', async () => {
    const plainInsert = prepareQuery((q, p: { entityId: string }) =>
      q.insertInto('changes').values({ entity: 'comment', entity_id: p.entityId, ticket_id: null, prev_team_id: null, prev_assignee_id: null, prev_escalation_level: null, scope_changed: 0, at: 'x' }),
    );
    const through = async (db: Db, entityId: string) => {
      const inserted = await plainInsert.run(db, { entityId });
      return { insertId: inserted.insertId, affected: inserted.numAffectedRows, rows: (await changesOf.execute(db, { entityId })).map((r) => [r.entity, r.entity_id, r.seq]) };
    };
    const outside = await through(db, 'c-outside');
    const inside = await db.transaction().execute((trx) => through(trx, 'c-inside'));
    expect(typeof outside.insertId).toBe('bigint');
    expect(typeof inside.insertId).toBe('bigint');
    expect(inside.insertId).toBe(outside.insertId! + 1n);
    expect([outside.affected, inside.affected]).toEqual([1n, 1n]);
    expect(outside.rows).toEqual([['comment', 'c-outside', Number(outside.insertId)]]);
    expect(inside.rows).toEqual([['comment', 'c-inside', Number(inside.insertId)]]);
  });
});
