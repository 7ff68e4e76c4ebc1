import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../core/ids';
import { SessionStore, tokenHash } from '../../../server/auth/session-store';
import { seedDemoWorkspace } from '../../../server/demo/demo-workspace';
import { UsersRepository } from '../../../server/repositories/users-repository';
import { openDatabase } from '../../../server/storage/database';
import { createQueryBuilder, type Db } from '../../../server/storage/query-builder';

let dir: string;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-in-lists-'));
  db = createQueryBuilder(openDatabase(dir));
  await seedDemoWorkspace(db, new Date(), { customers: 0, tickets: 0 });
});
afterAll(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** More sockets than SQLite takes bound values in one statement (32,766): what a poke checks on a big server. */
const SOCKETS = 40_000;

describe('the checks a poke makes on every socket it reaches, past SQLite’s limit on bound values', () => {
  it('finds the live sessions among 40,000 token hashes', async () => {
    const sessions = new SessionStore(db);
    const users = await db.selectFrom('users').select(['id', 'email']).where('email', 'in', ['ada@demo.switchboard', 'ben@demo.switchboard']).execute();
    const live = await Promise.all(users.map(async (u) => ({ userId: u.id, hash: tokenHash((await sessions.create(u.id)).token) })));
    const unknown = Array.from({ length: SOCKETS - live.length }, () => randomBytes(32).toString('base64url'));
    const found = await sessions.liveUsersByHash([...unknown.slice(0, 20_000), ...live.map((l) => l.hash), ...unknown.slice(20_000)]);
    expect([...found].sort()).toEqual(live.map((l) => [l.hash, l.userId]).sort());
  });

  it('reads the enabled users among 40,000 ids, each with their teams', async () => {
    const ada = await db.selectFrom('users').select('id').where('email', '=', 'ada@demo.switchboard').executeTakeFirstOrThrow();
    const ids = [...Array.from({ length: SOCKETS - 1 }, () => newId()), ada.id];
    const found = await new UsersRepository(db).findActiveByIds(ids);
    expect([...found.keys()]).toEqual([ada.id]);
    expect(found.get(ada.id)!.teamIds.length).toBeGreaterThan(0);
  });
});
