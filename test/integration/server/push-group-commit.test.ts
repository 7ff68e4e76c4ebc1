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
import { logTakenSteps, type TakenStep } from '../../../server/escalation/escalation-steps';
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
const RULES = { categories: DEFAULT_CATEGORIES, priorityMatrix: DEFAULT_PRIORITY_MATRIX, lifecycle: DEFAULT_LIFECYCLE_POLICY, defaultCountry: 'GB' as const };

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
  push = new PushService(counted, RULES, createLogger('silent'));
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

  it('logs the escalation steps a group took, once it committed, in one line naming every step and nothing more', async () => {
    type StepLine = { event?: string; count?: number; steps?: Array<Record<string, unknown>> };
    const lines: StepLine[] = [];
    const logged = new PushService(db, RULES, createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as StepLine) }));
    // Critical tickets: each is escalated to its team's supervisors and to tier 2 the moment it is filed.
    const critical = Array.from({ length: 6 }, () => ticketArgs({ impact: 'high', urgency: 'high' }));
    const pushed = critical.map((args) => logged.push(ada, { clientId: newId(), mutations: [{ id: 1, name: 'ticket.create', args }] }));
    for (const response of await Promise.all(pushed)) expect(response).toMatchObject({ ok: true, outcomes: [{ status: 'applied' }] });

    const escalated = lines.filter((line) => line.event === 'escalated');
    expect(escalated).toHaveLength(1);
    const steps = escalated[0]!.steps!;
    // Ids, step keys and levels only: no customer data can ride along.
    for (const step of steps) expect(Object.keys(step).sort()).toEqual(['level', 'step', 'ticketId']);
    const recorded = await db.selectFrom('escalation_steps').select(['ticket_id', 'step_key']).where('ticket_id', 'in', critical.map((args) => args.id)).execute();
    expect(recorded.length).toBeGreaterThanOrEqual(critical.length);
    expect(steps.map((step) => `${String(step.ticketId)} ${String(step.step)}`).sort()).toEqual(recorded.map((row) => `${row.ticket_id} ${row.step_key}`).sort());
  });

  it('splits a long list of steps into lines of a hundred, so no log shipper cuts one', () => {
    const lines: Array<{ count: number; steps: Array<{ ticketId: string }> }> = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as (typeof lines)[number]) });
    const step = { key: 'severity:critical', level: 2 } as unknown as TakenStep['step'];
    const taken = Array.from({ length: 250 }, (_, i) => ({ ticketId: `ticket-${i}`, step }));
    logTakenSteps(logger, taken);
    expect(lines.map((line) => line.count)).toEqual([100, 100, 50]);
    expect(lines.flatMap((line) => line.steps.map((s) => s.ticketId))).toEqual(taken.map((t) => t.ticketId));
    for (const line of lines) expect(JSON.stringify(line).length).toBeLessThan(16_000);
  });
});
