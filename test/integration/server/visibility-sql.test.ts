import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canSeeTicket, type Viewer } from '../../../core/people/visibility';
import { DEMO_PASSWORD } from '../../../server/demo/demo-data';
import { AdminInputError, createAdmin } from '../../../server/admin/create-admin';
import { verifyPassword } from '../../../server/auth/password';
import { fromTicket, TicketsRepository } from '../../../server/repositories/tickets-repository';
import { UsersRepository } from '../../../server/repositories/users-repository';
import { openDatabase, type SqliteDatabase } from '../../../server/storage/database';
import { createQueryBuilder, type Db } from '../../../server/storage/query-builder';

let dir: string;
let sqlite: SqliteDatabase;
let db: Db;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-visibility-'));
  sqlite = openDatabase(dir);
  db = createQueryBuilder(sqlite);
  sqlite.pragma('foreign_keys = OFF'); // random team and user ids need no rows of their own here
});
afterAll(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const TEAMS = ['t1', 't2', 't3'];
const PEOPLE = ['u1', 'u2', 'u3'];

describe('the SQL visibility filter', () => {
  it('returns exactly the tickets core/people/visibility allows, for random viewers and tickets', async () => {
    const repo = new TicketsRepository(db);
    const scope = fc.record({
      teamId: fc.option(fc.constantFrom(...TEAMS), { nil: null }),
      assigneeId: fc.option(fc.constantFrom(...PEOPLE), { nil: null }),
      escalationLevel: fc.integer({ min: 0, max: 3 }),
    });
    const viewer = fc.record({
      id: fc.constantFrom(...PEOPLE),
      role: fc.constantFrom('agent' as const, 'supervisor' as const, 'admin' as const),
      teamIds: fc.subarray(TEAMS),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(scope, { minLength: 1, maxLength: 25 }), viewer, async (scopes, who: Viewer) => {
        await db.deleteFrom('tickets').execute();
        const tickets = scopes.map((s, i) => ({
          id: `ticket-${i}`,
          number: i + 1,
          subject: 's',
          description: '',
          channel: 'phone' as const,
          categoryId: 'technical',
          impact: 'low' as const,
          urgency: 'low' as const,
          priority: 'low' as const,
          status: 'open' as const,
          tier: 1 as const,
          tags: [],
          customerId: null,
          resolutionSummary: null,
          createdAt: '2026-11-25T10:00:00.000Z',
          updatedAt: '2026-11-25T10:00:00.000Z',
          firstRespondedAt: null,
          resolvedAt: null,
          closedAt: null,
          reopenCount: 0,
          slaDueAt: null,
          slaAtRiskAt: null,
          escalatedAt: null,
          escalationAcknowledgedAt: null,
          escalationAcknowledgedBy: null,
          ...s,
        }));
        await db.insertInto('tickets').values(tickets.map(fromTicket)).execute();
        const fromSql = (await repo.list(who, { limit: 200 })).map((t) => t.id).sort();
        const fromCore = tickets.filter((t) => canSeeTicket(who, t)).map((t) => t.id).sort();
        expect(fromSql).toEqual(fromCore);
      }),
      { numRuns: 60 },
    );
  });
});

describe('create-admin', () => {
  it('creates an admin whose password verifies, and refuses a duplicate or weak input with a reason', async () => {
    const users = new UsersRepository(db);
    const created = await createAdmin(users, { email: ' Boss@Example.com ', name: 'Boss', password: 'long enough password' });
    const stored = await users.findByEmail('boss@example.com');
    expect(stored?.user).toMatchObject({ id: created.id, role: 'admin', email: 'boss@example.com' });
    expect(await verifyPassword(stored!.passwordHash, 'long enough password')).toBe(true);
    expect(stored!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

    await expect(createAdmin(users, { email: 'boss@example.com', name: 'Boss', password: 'long enough password' })).rejects.toThrow(/already exists/);
    await expect(createAdmin(users, { email: 'x@example.com', name: 'X', password: 'short' })).rejects.toThrow(AdminInputError);
    await expect(createAdmin(users, { email: 'not-an-email', name: 'X', password: DEMO_PASSWORD })).rejects.toThrow(/email/);
    expect(await users.count()).toBe(1);
  });
});
