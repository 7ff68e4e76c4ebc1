import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../core/ids';
import { hashPassword } from '../../../server/auth/password';
import { EscalationScheduler } from '../../../server/escalation/escalation-scheduler';
import { createLogger } from '../../../server/logger';
import { backfillDeadlines } from '../../../server/sla/deadline-refresh';
import { UsersRepository } from '../../../server/repositories/users-repository';
import { testServerConfig } from '../../support/test-server-config';
import { startServer, type RunningServer } from '../../../server/server';
import { loginAs } from '../../support/api-client';
import { SyncTestClient, ticketArgs } from '../../support/sync-test-client';

let dir: string;
let server: RunningServer;
let agent: SyncTestClient;
let supervisor: SyncTestClient;
let outsider: SyncTestClient;
const PASSWORD = 'escalation-test-password';
const CREATED = '2026-11-23T09:00:00.000Z'; // a Monday, 09:00 London (= UTC in November)

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-escalation-'));
  server = await startServer(
    testServerConfig(dir),
    createLogger('silent'),
    'test',
  );
  const weekdays = Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, [{ start: '09:00', end: '17:00' }]]));
  await server.db.insertInto('calendars').values({ id: 'ldn', name: 'London', time_zone: 'Europe/London', weekly_hours: JSON.stringify(weekdays), holidays: '[]' }).execute();
  await server.db.insertInto('teams').values([
    { id: 'team-technical', name: 'Technical Support', calendar_id: 'ldn', category_ids: '["technical"]' },
    { id: 'team-billing', name: 'Billing', calendar_id: 'ldn', category_ids: '["billing"]' },
  ]).execute();
  const users = new UsersRepository(server.db);
  const hash = await hashPassword(PASSWORD);
  await users.create({ id: newId(), email: 'agent@test', name: 'Agent', role: 'agent', passwordHash: hash, teamIds: ['team-technical'] }, new Date());
  await users.create({ id: newId(), email: 'sup@test', name: 'Sup', role: 'supervisor', passwordHash: hash, teamIds: ['team-technical'] }, new Date());
  await users.create({ id: newId(), email: 'other@test', name: 'Other', role: 'agent', passwordHash: hash, teamIds: ['team-billing'] }, new Date());
  agent = await SyncTestClient.connect(server.url, await loginAs(server.url, 'agent@test', PASSWORD));
  supervisor = await SyncTestClient.connect(server.url, await loginAs(server.url, 'sup@test', PASSWORD));
  outsider = await SyncTestClient.connect(server.url, await loginAs(server.url, 'other@test', PASSWORD));
});
afterAll(async () => {
  for (const c of [agent, supervisor, outsider]) c?.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const escalations = async (ticketId: string) =>
  (await server.db.selectFrom('ticket_events').select('data').where('ticket_id', '=', ticketId).where('kind', '=', 'escalated').orderBy('at').execute()).map(
    (e) => JSON.parse(e.data) as { stepKey: string; level: number; toRole: string },
  );
const nextCheck = async (id: string) => (await server.db.selectFrom('tickets').select('next_escalation_at').where('id', '=', id).executeTakeFirstOrThrow()).next_escalation_at;
const ticketRow = (id: string) => server.db.selectFrom('tickets').select(['tier', 'escalation_level', 'status']).where('id', '=', id).executeTakeFirstOrThrow();

describe('SLA and escalation scheduler', () => {
  const critical = ticketArgs({ impact: 'high', urgency: 'high', createdAt: CREATED });
  const medium = ticketArgs({ impact: 'medium', urgency: 'medium', createdAt: CREATED });
  const resolved = ticketArgs({ impact: 'high', urgency: 'high', createdAt: CREATED, resolutionSummary: 'Fixed on the call' });

  it('escalates a critical ticket in the push that files it: supervisors notified and moved to tier 2; a medium one waits', async () => {
    await agent.push([
      { name: 'ticket.create', args: critical },
      { name: 'ticket.create', args: medium },
      { name: 'ticket.create', args: resolved },
    ]);
    expect((await escalations(critical.id)).map((e) => [e.stepKey, e.level, e.toRole])).toEqual([
      ['severity:notify_supervisors', 1, 'team_supervisors'],
      ['severity:tier_2', 1, 'team_supervisors'],
    ]);
    expect(await ticketRow(critical.id)).toMatchObject({ tier: 2, escalation_level: 1 });
    // The server stamps creation with its own clock; run the ladder as of then, with each ticket's next
    // escalation check recomputed from the rewritten history.
    await server.db.updateTable('ticket_events').set({ at: CREATED }).where('kind', '=', 'created').execute();
    await server.db.updateTable('tickets').set({ sla_revision: 0 }).execute();
    await backfillDeadlines(server.db, new Date(CREATED), createLogger('silent'));
    expect(await nextCheck(medium.id)).toBe('2026-12-01T15:00:00.000Z');
    expect(await nextCheck(resolved.id)).toBeNull();
    // Nothing more is due five minutes in, and the severity steps are never taken twice.
    expect(await server.escalations.tick(new Date('2026-11-23T09:05:00.000Z'))).toBe(0);
    expect(await escalations(critical.id)).toHaveLength(2);
    expect(await escalations(medium.id)).toEqual([]);
    expect(await escalations(resolved.id)).toEqual([]);
  });

  it('after downtime, takes every passed ladder step once, in order, and never again, also after a restart', async () => {
    // Medium resolution target: 72 business hours = 9 working days; a month later every rung has passed.
    const later = new Date('2026-12-23T12:00:00.000Z');
    await server.escalations.tick(later);
    expect((await escalations(medium.id)).map((e) => [e.stepKey, e.level])).toEqual([
      ['ladder:resolution-75', 0],
      ['ladder:resolution-100', 1],
      ['ladder:resolution-150', 2],
    ]);
    expect(await ticketRow(medium.id)).toMatchObject({ escalation_level: 2 });
    // Every rung taken: the scheduler does not read this ticket again until it changes.
    expect(await nextCheck(medium.id)).toBeNull();
    expect(await server.escalations.tick(later)).toBe(0);
    const restarted = new EscalationScheduler(server.db, createLogger('silent'), () => {});
    expect(await restarted.tick(new Date('2027-01-23T12:00:00.000Z'))).toBe(0);
    expect(await escalations(resolved.id)).toEqual([]);
  });

  it('replicates escalations to the users who may see the ticket, and not to others', async () => {
    const supervisorChanges = await supervisor.pullAll();
    const outsiderChanges = await outsider.pullAll();
    const escalatedIn = (changes: Awaited<ReturnType<SyncTestClient['pullAll']>>, ticketId: string) =>
      changes.filter((c) => c.op === 'put' && c.entity === 'event' && c.row.ticketId === ticketId && c.row.kind === 'escalated').length;
    // The critical ticket: two severity steps at once, then the three rungs of the ladder a month later.
    expect(escalatedIn(supervisorChanges, critical.id)).toBe(5);
    expect(escalatedIn(supervisorChanges, medium.id)).toBe(3);
    // Billing's agent never sees Technical Support's escalations, even at organisation level (that is for supervisors).
    expect(escalatedIn(outsiderChanges, critical.id)).toBe(0);
    expect(escalatedIn(outsiderChanges, medium.id)).toBe(0);
  });

  it('files the ticket even when its escalation cannot be recorded, and the scheduler takes the steps later', async () => {
    const stuck = ticketArgs({ impact: 'high', urgency: 'high' });
    server.sqlite.exec("create trigger refuse_steps before insert on escalation_steps begin select raise(abort, 'disk trouble'); end");
    try {
      const answer = await agent.push([{ name: 'ticket.create', args: stuck }]);
      expect(answer.ok && answer.outcomes.map((o) => o.status)).toEqual(['applied']);
      expect(await escalations(stuck.id)).toEqual([]);
      // Filed as it was sent, not as the steps would have left it: tier 1, not escalated.
      expect(await ticketRow(stuck.id)).toMatchObject({ tier: 1, escalation_level: 0 });
      expect((await server.db.selectFrom('tickets').select('escalated_at').where('id', '=', stuck.id).executeTakeFirstOrThrow()).escalated_at).toBeNull();
      // Left due, so the scheduler's next pass tries again.
      expect(Date.parse((await nextCheck(stuck.id))!)).toBeLessThanOrEqual(Date.now());
    } finally {
      server.sqlite.exec('drop trigger refuse_steps');
    }
    await server.escalations.tick();
    expect((await escalations(stuck.id)).map((e) => e.stepKey)).toEqual(['severity:notify_supervisors', 'severity:tier_2']);
    expect(await ticketRow(stuck.id)).toMatchObject({ tier: 2 });
  });

  it('a ticket whose check fails holds back no other ticket of its pass, and no step is recorded twice', async () => {
    const [first, failing] = [ticketArgs({ impact: 'high', urgency: 'high' }), ticketArgs({ impact: 'high', urgency: 'high' })];
    // Both filed with their steps refused, so both are left due for the scheduler.
    server.sqlite.exec("create trigger refuse_steps before insert on escalation_steps begin select raise(abort, 'disk trouble'); end");
    try {
      await agent.push([
        { name: 'ticket.create', args: first },
        { name: 'ticket.create', args: failing },
      ]);
    } finally {
      server.sqlite.exec('drop trigger refuse_steps');
    }
    // The first is checked first: its steps are taken before the other's check fails in the same transaction.
    const due = Date.now() - 60_000;
    await server.db.updateTable('tickets').set({ next_escalation_at: new Date(due - 1_000).toISOString() }).where('id', '=', first.id).execute();
    await server.db.updateTable('tickets').set({ next_escalation_at: new Date(due).toISOString() }).where('id', '=', failing.id).execute();
    server.sqlite.exec(`create trigger refuse_one before insert on escalation_steps when new.ticket_id = '${failing.id}' begin select raise(abort, 'bad stored data'); end`);
    try {
      expect(await server.escalations.tick()).toBe(2);
    } finally {
      server.sqlite.exec('drop trigger refuse_one');
    }
    expect((await escalations(first.id)).map((e) => e.stepKey)).toEqual(['severity:notify_supervisors', 'severity:tier_2']);
    expect(await escalations(failing.id)).toEqual([]);
    // Left due: the next pass takes its steps, and the first ticket's are not taken again.
    await server.db.updateTable('tickets').set({ next_escalation_at: new Date(due).toISOString() }).where('id', '=', failing.id).execute();
    expect(await server.escalations.tick()).toBe(2);
    expect((await escalations(failing.id)).map((e) => e.stepKey)).toEqual(['severity:notify_supervisors', 'severity:tier_2']);
    expect(await escalations(first.id)).toHaveLength(2);
  });
});
