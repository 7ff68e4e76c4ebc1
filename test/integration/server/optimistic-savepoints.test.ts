import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Transaction } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/storage/database';
import { createQueryBuilder, type Db } from '../../../server/storage/query-builder';
import { runWithOptimisticSavepoints, Savepoint } from '../../../server/storage/savepoint';
import { appendChange, appendedSince, latestChangeSeq } from '../../../server/sync/mutators/change-writer';
import type { StorageSchema } from '../../../server/storage/schema';

// A real SQLite file: the savepoints and rollbacks are SQLite's own.
let dir: string;
let db: Db;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-savepoints-'));
  db = createQueryBuilder(openDatabase(dir));
});
afterAll(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await db.deleteFrom('changes').execute();
});

const PART = new Savepoint('part');

/** One change-log row, as a part of a push writes it. */
const write = (trx: Transaction<StorageSchema>, entityId: string) =>
  trx
    .insertInto('changes')
    .values({ entity: 'call', entity_id: entityId, ticket_id: null, prev_team_id: null, prev_assignee_id: null, prev_escalation_level: null, scope_changed: 0, at: '2026-12-06T09:00:00.000Z' })
    .execute();

const stored = async () => (await db.selectFrom('changes').select('entity_id').orderBy('seq').execute()).map((r) => r.entity_id);

describe('a transaction whose savepoints are left out until one is needed', () => {
  it('runs once and commits everything when no part fails', async () => {
    let runs = 0;
    const answers = await runWithOptimisticSavepoints(db, async (trx) => {
      runs++;
      const a = await PART.run(trx, () => write(trx, 'a').then(() => 'a kept'));
      const b = await PART.run(trx, () => write(trx, 'b').then(() => 'b kept'));
      return [a, b];
    });
    expect(runs).toBe(1);
    expect(answers).toEqual([
      { ok: true, value: 'a kept' },
      { ok: true, value: 'b kept' },
    ]);
    expect(await stored()).toEqual(['a', 'b']);
  });

  it('when a part fails, runs again with savepoints: only that part is undone, the others are stored once', async () => {
    let runs = 0;
    const answers = await runWithOptimisticSavepoints(db, async (trx) => {
      runs++;
      const a = await PART.run(trx, () => write(trx, 'a'));
      const failing = await PART.run(trx, async () => {
        await write(trx, 'half-written');
        throw new Error('disk trouble');
      });
      const c = await PART.run(trx, () => write(trx, 'c'));
      return [a.ok, failing.ok ? 'kept' : (failing.error as Error).message, c.ok];
    });
    expect(runs).toBe(2);
    expect(answers).toEqual([true, 'disk trouble', true]);
    expect(await stored()).toEqual(['a', 'c']);
  });

  it('commits nothing of the first run even if the caller catches the failed part and goes on', async () => {
    let runs = 0;
    await runWithOptimisticSavepoints(db, async (trx) => {
      runs++;
      try {
        await PART.run(trx, async () => {
          await write(trx, 'half-written');
          throw new Error('disk trouble');
        });
      } catch {
        // Swallowed: without savepoints the half-written row is still in the transaction.
      }
      await write(trx, 'after');
    });
    expect(runs).toBe(2);
    expect(await stored()).toEqual(['after']);
  });

  it('runs again when a caught failed part leads to a different error later in the first run', async () => {
    let runs = 0;
    await runWithOptimisticSavepoints(db, async (trx) => {
      runs++;
      let caught = false;
      try {
        await PART.run(trx, async () => {
          await write(trx, 'half-written');
          throw new Error('disk trouble');
        });
      } catch {
        caught = true;
      }
      // Only the first run gets here: with a real savepoint the part answers { ok: false } instead.
      if (caught) throw new Error('a follow-on failure of the half-written rows');
      await write(trx, 'after');
    });
    expect(runs).toBe(2);
    expect(await stored()).toEqual(['after']);
  });

  it('a failure outside every savepoint fails the transaction at once, with its own error, and stores nothing', async () => {
    let runs = 0;
    const failed = runWithOptimisticSavepoints(db, async (trx) => {
      runs++;
      await PART.run(trx, () => write(trx, 'a'));
      throw new Error('the commit cannot happen');
    });
    await expect(failed).rejects.toThrow('the commit cannot happen');
    expect(runs).toBe(1);
    expect(await stored()).toEqual([]);
  });

  it('a transaction run the usual way keeps its real savepoints', async () => {
    const answer = await db.transaction().execute(async (trx) => {
      await write(trx, 'a');
      const failing = await PART.run(trx, async () => {
        await write(trx, 'half-written');
        throw new Error('disk trouble');
      });
      return failing.ok;
    });
    expect(answer).toBe(false);
    expect(await stored()).toEqual(['a']);
  });
});

describe("a transaction's memory of the change-log rows it appended (exactly as stored)", () => {
  const append = (trx: Transaction<StorageSchema>, entity: 'ticket' | 'event' | 'comment', ticketId: string | null, id: string) =>
    appendChange({ trx, now: new Date('2026-12-06T09:00:00.000Z'), user: null, clientId: null }, { entity, entityId: id, ticketId });
  const fromLog = (trx: Transaction<StorageSchema>, after: number) => trx.selectFrom('changes').selectAll().where('seq', '>', after).orderBy('seq').execute();
  const topOfLog = async (trx: Transaction<StorageSchema>) => Number((await trx.selectFrom('changes').select((eb) => eb.fn.max('seq').as('s')).executeTakeFirst())?.s ?? 0);

  it('answers what the log itself says, from any point since its first look, and reads the log for older points', async () => {
    await runWithOptimisticSavepoints(db, async (outside) => append(outside, 'comment', null, 'committed-before'));
    await runWithOptimisticSavepoints(db, async (trx) => {
      const start = await latestChangeSeq(trx);
      expect(start).toBe(await topOfLog(trx));
      await append(trx, 'ticket', 'ticket-a', 'ticket-a');
      await append(trx, 'event', 'ticket-a', 'event-1');
      const middle = await latestChangeSeq(trx);
      await append(trx, 'comment', 'ticket-b', 'comment-1');
      await append(trx, 'event', 'ticket-b', 'event-2');
      expect(await latestChangeSeq(trx)).toBe(await topOfLog(trx));
      for (const after of [start, start + 1, middle, middle + 1, await topOfLog(trx)]) expect(appendedSince(trx, after)).toEqual(await fromLog(trx, after));
      // Before its first look: rows committed earlier are not in its memory, so it says it does not know.
      expect(appendedSince(trx, start - 1)).toBeUndefined();
    });
  });

  it('keeps no memory in a transaction with savepoints', async () => {
    await db.transaction().execute(async (trx) => {
      await append(trx, 'ticket', 'ticket-c', 'ticket-c');
      expect(appendedSince(trx, 0)).toBeUndefined();
      expect(await latestChangeSeq(trx)).toBe(await topOfLog(trx));
    });
  });
});
