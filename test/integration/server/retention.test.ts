import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/storage/database';
import { createQueryBuilder, type Db } from '../../../server/storage/query-builder';
import { pruneChangeLog } from '../../../server/sync/retention';

let dir: string;
let db: Db;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-retention-'));
  db = createQueryBuilder(openDatabase(dir));
});
afterAll(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('change-log retention', () => {
  it('prunes changes and outcomes older than the window and records where the log now starts', async () => {
    const now = new Date('2026-11-25T12:00:00Z');
    const day = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();
    await db.insertInto('changes').values([40, 35, 31, 29, 1].map((age, i) => ({ entity: 'ticket' as const, entity_id: `t${i}`, scope_changed: 0, at: day(age) }))).execute();
    await db.insertInto('mutation_outcomes').values([
      { client_id: 'c', mutation_id: 1, outcome: '{}', at: day(45) },
      { client_id: 'c', mutation_id: 2, outcome: '{}', at: day(2) },
    ]).execute();
    expect(await pruneChangeLog(db, now, 30)).toEqual({ changes: 3, outcomes: 1 });
    expect((await db.selectFrom('changes').select('seq').orderBy('seq').execute()).map((r) => r.seq)).toEqual([4, 5]);
    expect((await db.selectFrom('sync_meta').select('value').where('key', '=', 'retained_from_seq').executeTakeFirstOrThrow()).value).toBe('4');
    expect(await pruneChangeLog(db, now, 30)).toEqual({ changes: 0, outcomes: 0 });
  });
});
