import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../core/ids';
import type { User } from '../../../core/people/user';
import type { PushResponse } from '../../../core/protocol/sync-messages';
import { DEFAULT_CATEGORIES } from '../../../core/ticket/category';
import { DEFAULT_PRIORITY_MATRIX } from '../../../core/ticket/priority';
import { DEFAULT_LIFECYCLE_POLICY } from '../../../core/ticket/status';
import { seedDemoWorkspace } from '../../../server/demo/demo-workspace';
import { createLogger } from '../../../server/logger';
import { UsersRepository } from '../../../server/repositories/users-repository';
import { openDatabase } from '../../../server/storage/database';
import { createQueryBuilder, type Db } from '../../../server/storage/query-builder';
import { PushService } from '../../../server/sync/push-service';
import { ticketArgs } from '../../support/sync-test-client';

// A real SQLite file and the real push service; only the count of transactions begun is watched.
let dir: string;
let db: Db;
let ada: User;
let transactionsBegun = 0;
let push: PushService;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-group-commit-'));
  db = createQueryBuilder(openDatabase(dir));
  await seedDemoWorkspace(db, new Date());
  ada = (await new UsersRepository(db).findByEmail('ada@demo.switchboard'))!.user;
  // The same query builder, counting the transactions the push service begins.
  const counted = new Proxy(db, {
    get(target, property) {
      if (property === 'transaction') {
        return () => {
          transactionsBegun++;
          return target.transaction();
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const rules = { categories: DEFAULT_CATEGORIES, priorityMatrix: DEFAULT_PRIORITY_MATRIX, lifecycle: DEFAULT_LIFECYCLE_POLICY, defaultCountry: 'GB' as const };
  push = new PushService(counted, rules, createLogger('silent'));
});
afterAll(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const pushOne = (clientId: string) => push.push(ada, { clientId, mutations: [{ id: 1, name: 'ticket.create', args: ticketArgs() }] });

describe('group commit', () => {
  it('pushes that arrive while a group is being formed share its transaction and its disk flush', async () => {
    transactionsBegun = 0;
    const first = pushOne(newId());
    // Read from their sockets one turn later, as pushes that arrived during the first one's work are.
    const others = await new Promise<Array<Promise<PushResponse>>>((resolve) => setImmediate(() => resolve(Array.from({ length: 7 }, () => pushOne(newId())))));
    const responses = await Promise.all([first, ...others]);
    for (const response of responses) expect(response).toMatchObject({ ok: true, outcomes: [{ status: 'applied' }] });
    expect(transactionsBegun).toBe(1);
  });

  it('logs the escalation steps a group took in one line, naming every ticket and step', async () => {
    const lines: Array<{ event?: string; count?: number; steps?: Array<{ ticketId: string; step: string; level: number }> }> = [];
    const logged = new PushService(db, { categories: DEFAULT_CATEGORIES, priorityMatrix: DEFAULT_PRIORITY_MATRIX, lifecycle: DEFAULT_LIFECYCLE_POLICY, defaultCountry: 'GB' }, createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) }));
    // Critical tickets: each is escalated to its team's supervisor the moment it is filed.
    const critical = Array.from({ length: 6 }, () => ticketArgs({ impact: 'high', urgency: 'high' }));
    const pushed = critical.map((args) => logged.push(ada, { clientId: newId(), mutations: [{ id: 1, name: 'ticket.create', args }] }));
    for (const response of await Promise.all(pushed)) expect(response).toMatchObject({ ok: true, outcomes: [{ status: 'applied' }] });
    const escalated = lines.filter((line) => line.event === 'escalated');
    expect(escalated).toHaveLength(1);
    expect(escalated[0]!.count).toBe(escalated[0]!.steps!.length);
    expect(new Set(escalated[0]!.steps!.map((step) => step.ticketId))).toEqual(new Set(critical.map((args) => args.id)));
    for (const step of escalated[0]!.steps!) expect(step).toMatchObject({ step: expect.any(String), level: expect.any(Number) });
  });
});
