import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../core/ids';
import { HybridLogicalClock } from '../../../core/sync/hlc';
import type { SyncedTicket } from '../../../core/protocol/sync-messages';
import { hashPassword } from '../../../server/auth/password';
import { createLogger } from '../../../server/logger';
import { SLA_REVISION } from '../../../server/sla/deadline-refresh';
import { UsersRepository } from '../../../server/repositories/users-repository';
import { startServer, type RunningServer } from '../../../server/server';
import { loginAs } from '../../support/api-client';
import { SyncTestClient, ticketArgs } from '../../support/sync-test-client';
import { testServerConfig } from '../../support/test-server-config';

let dir: string;
let server: RunningServer;
let agent: SyncTestClient;
const PASSWORD = 'deadline-test-password';

async function start(): Promise<void> {
  server = await startServer(testServerConfig(dir), createLogger('silent'), 'test');
  agent = await SyncTestClient.connect(server.url, await loginAs(server.url, 'agent@test', PASSWORD));
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-deadlines-'));
  server = await startServer(testServerConfig(dir), createLogger('silent'), 'test');
  // Open around the clock, so the deadlines below do not depend on when the test runs.
  const always = Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ start: '00:00', end: '24:00' }]]));
  await server.db.insertInto('calendars').values({ id: 'always', name: 'Always', time_zone: 'UTC', weekly_hours: JSON.stringify(always), holidays: '[]' }).execute();
  await server.db.insertInto('teams').values({ id: 'team-technical', name: 'Technical Support', calendar_id: 'always', category_ids: '["technical"]' }).execute();
  await new UsersRepository(server.db).create({ id: newId(), email: 'agent@test', name: 'Agent', role: 'agent', passwordHash: await hashPassword(PASSWORD), teamIds: ['team-technical'] }, new Date());
  agent = await SyncTestClient.connect(server.url, await loginAs(server.url, 'agent@test', PASSWORD));
});
afterAll(async () => {
  agent?.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const lastTicket = async (id: string): Promise<SyncedTicket> => {
  const changes = await agent.pullAll();
  const rows = changes.filter((c) => c.entity === 'ticket' && c.op === 'put' && c.row.id === id).map((c) => (c as { row: SyncedTicket }).row);
  expect(rows.length, 'a ticket change reached the client').toBeGreaterThan(0);
  return rows.at(-1)!;
};
const hoursAfter = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();
const created = async (id: string) => (await server.db.selectFrom('ticket_events').select('at').where('ticket_id', '=', id).where('kind', '=', 'created').executeTakeFirstOrThrow()).at;

describe('SLA deadlines stored on tickets', () => {
  const ticket = ticketArgs({ impact: 'high', urgency: 'high' }); // critical: first response 1 h, resolution 24 h

  it('a new ticket reaches every mirror with its due time and at-risk mark from the SLA engine', async () => {
    expect((await agent.push([{ name: 'ticket.create', args: ticket }])).ok).toBe(true);
    const row = await lastTicket(ticket.id);
    const at = await created(ticket.id);
    expect(row.slaDueAt).toBe(hoursAfter(at, 1));
    expect(row.slaAtRiskAt).toBe(hoursAfter(at, 0.75));
  });

  it('a first response moves the due time to resolution; pending customer clears both; reopening restores them', async () => {
    const reply = await agent.push([{ name: 'comment.add', args: { id: newId(), ticketId: ticket.id, visibility: 'public', body: 'We are on it.', createdAt: new Date().toISOString() } }]);
    expect(reply).toMatchObject({ ok: true, outcomes: [{ status: 'applied' }] });
    const answered = await lastTicket(ticket.id);
    expect(Date.parse(answered.slaDueAt!)).toBeGreaterThan(Date.parse(hoursAfter(await created(ticket.id), 23.9)));

    await agent.push([{ name: 'ticket.setStatus', args: { id: ticket.id, to: 'pending_customer' } }]);
    expect(await lastTicket(ticket.id)).toMatchObject({ slaDueAt: null, slaAtRiskAt: null });

    await agent.push([{ name: 'ticket.setStatus', args: { id: ticket.id, to: 'open' } }]);
    const reopened = await lastTicket(ticket.id);
    expect(reopened.slaDueAt).not.toBeNull();
    expect(Date.parse(reopened.slaDueAt!)).toBeGreaterThanOrEqual(Date.parse(answered.slaDueAt!));
  });

  it('tickets stored without deadlines get them at the next start, and mirrors are told', async () => {
    const before = (await server.db.selectFrom('tickets').select('sla_due_at').where('id', '=', ticket.id).executeTakeFirstOrThrow()).sla_due_at;
    await server.db.updateTable('tickets').set({ sla_due_at: null, sla_at_risk_at: null, sla_revision: 0 }).execute();
    await agent.pullAll();
    const cursor = agent.cursor;
    agent.close();
    await server.close();
    await start();
    agent.cursor = cursor;
    const row = await lastTicket(ticket.id);
    expect(row.slaDueAt).toBe(before);
  });
});

describe('deadlines when one push changes a ticket more than once (refreshed once, after the last change naming it)', () => {
  const clock = () => new HybridLogicalClock(agent.clientId);
  const createLow = async () => {
    const args = ticketArgs({ impact: 'low', urgency: 'low' });
    expect((await agent.push([{ name: 'ticket.create', args }])).ok).toBe(true);
    return args.id;
  };
  const storedDue = async (id: string) => (await server.db.selectFrom('tickets').select('sla_due_at').where('id', '=', id).executeTakeFirstOrThrow()).sla_due_at;

  it('two triage changes to one ticket in one push leave the deadlines of the last, as two pushes do', async () => {
    const hlc = clock();
    const together = await createLow();
    const apart = await createLow();
    const pushed = await agent.push([
      { name: 'ticket.update', args: { id: together, fields: { impact: 'high' }, hlc: hlc.now() } },
      { name: 'ticket.update', args: { id: together, fields: { urgency: 'high' }, hlc: hlc.now() } },
    ]);
    expect(pushed).toMatchObject({ ok: true, outcomes: [{ status: 'applied' }, { status: 'applied' }] });
    await agent.push([{ name: 'ticket.update', args: { id: apart, fields: { impact: 'high' }, hlc: hlc.now() } }]);
    await agent.push([{ name: 'ticket.update', args: { id: apart, fields: { urgency: 'high' }, hlc: hlc.now() } }]);
    // Critical now: first response within the hour of creation, for both, and the mirror is told.
    expect(await storedDue(together)).toBe(hoursAfter(await created(together), 1));
    expect(await storedDue(apart)).toBe(hoursAfter(await created(apart), 1));
    expect((await lastTicket(together)).slaDueAt).toBe(hoursAfter(await created(together), 1));
  });

  it('a ticket filed and changed in one push is stored as one filed, then changed, in two pushes', async () => {
    // Filed alone, a ticket is written once with its deadlines and due steps; named again later in its push,
    // it is refreshed after that change instead. Both must leave the same row, history and steps.
    const stored = async (id: string) => {
      const row = await server.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const at = Date.parse(await created(id));
      const after = (iso: string | null) => (iso === null ? null : Date.parse(iso) - at);
      const history = await server.db.selectFrom('ticket_events').select(['kind', 'data']).where('ticket_id', '=', id).orderBy('at').orderBy('id').execute();
      const steps = await server.db.selectFrom('escalation_steps').select('step_key').where('ticket_id', '=', id).orderBy('step_key').execute();
      return {
        due: after(row.sla_due_at), atRisk: after(row.sla_at_risk_at), nextCheck: after(row.next_escalation_at),
        // Escalated as it was filed: a later mutation of the push runs a millisecond or so later.
        escalatedWithinASecond: Math.abs(after(row.escalated_at) ?? Infinity) < 1_000,
        revision: row.sla_revision, tier: row.tier, level: row.escalation_level, tags: row.tags,
        history: history.map((e) => e.kind).sort(), steps: steps.map((s) => s.step_key),
      };
    };
    const ticketChanges = async (id: string) => (await server.db.selectFrom('changes').select('seq').where('entity', '=', 'ticket').where('entity_id', '=', id).execute()).length;
    const alone = ticketArgs({ impact: 'high', urgency: 'high' });
    const named = ticketArgs({ impact: 'high', urgency: 'high' });
    expect(await agent.push([{ name: 'ticket.create', args: alone }])).toMatchObject({ ok: true, outcomes: [{ status: 'applied' }] });
    // As filed, before anything refreshes it again: deadlines, steps and escalation in the one row write.
    const asFiled = await stored(alone.id);
    expect(asFiled).toMatchObject({ due: 3_600_000, atRisk: 2_700_000, escalatedWithinASecond: true, revision: SLA_REVISION, tier: 2, level: 1, tags: '[]' });
    expect(asFiled.nextCheck).not.toBeNull();
    expect(asFiled.steps.length).toBeGreaterThan(0);
    expect(await ticketChanges(alone.id)).toBe(1);

    expect(await agent.push([{ name: 'ticket.tags', args: { id: alone.id, add: ['vip'], remove: [] } }])).toMatchObject({ ok: true, outcomes: [{ status: 'applied' }] });
    const together = await agent.push([
      { name: 'ticket.create', args: named },
      { name: 'ticket.tags', args: { id: named.id, add: ['vip'], remove: [] } },
    ]);
    expect(together).toMatchObject({ ok: true, outcomes: [{ status: 'applied' }, { status: 'applied' }] });
    const filedAlone = await stored(alone.id);
    expect(filedAlone).toEqual({ ...asFiled, tags: '["vip"]' });
    expect(await stored(named.id)).toEqual(filedAlone);
    // Every mirror got the one row as stored, with its deadlines.
    expect(await lastTicket(alone.id)).toMatchObject({ slaDueAt: hoursAfter(await created(alone.id), 1), tier: 2, escalationLevel: 1 });
  });

  it('a ticket whose last change in the push is refused keeps the deadlines of the change before it', async () => {
    const id = await createLow();
    const pushed = await agent.push([
      { name: 'ticket.update', args: { id, fields: { impact: 'high', urgency: 'high' }, hlc: clock().now() } },
      { name: 'ticket.update', args: { id, fields: {}, hlc: clock().now() } },
    ]);
    expect(pushed).toMatchObject({ ok: true, outcomes: [{ status: 'applied' }, { status: 'rejected' }] });
    expect(await storedDue(id)).toBe(hoursAfter(await created(id), 1));
  });

  it("a ticket whose clocks cannot be computed fails none of the push's other changes", async () => {
    const broken = await createLow();
    const sound = await createLow();
    // A history row the SLA engine cannot read: computing this ticket's clocks throws.
    await server.db.insertInto('ticket_events').values({ id: newId(), ticket_id: broken, kind: 'field_changed', actor_id: null, at: new Date().toISOString(), data: '{not json' }).execute();
    const hlc = clock();
    const pushed = await agent.push([
      { name: 'ticket.update', args: { id: broken, fields: { subject: 'Caller rang back' }, hlc: hlc.now() } },
      { name: 'comment.add', args: { id: newId(), ticketId: broken, visibility: 'internal', body: 'Checked the line test.', createdAt: new Date().toISOString() } },
      { name: 'ticket.update', args: { id: sound, fields: { impact: 'high', urgency: 'high' }, hlc: hlc.now() } },
    ]);
    // The note never computes clocks, and the other ticket's change is its own: both stand.
    expect(pushed).toMatchObject({ ok: true, outcomes: [{}, { status: 'applied' }, { status: 'applied' }] });
    expect(await storedDue(sound)).toBe(hoursAfter(await created(sound), 1));
    await server.db.deleteFrom('ticket_events').where('ticket_id', '=', broken).where('data', '=', '{not json').execute();
  });

  it('a ticket whose clocks cannot be computed when the push ends is left due for the escalation scheduler', async () => {
    const id = await createLow();
    await server.db.updateTable('tickets').set({ next_escalation_at: null }).where('id', '=', id).execute();
    await server.db.insertInto('ticket_events').values({ id: newId(), ticket_id: id, kind: 'field_changed', actor_id: null, at: new Date().toISOString(), data: '{not json' }).execute();
    try {
      // The first change names the ticket again later, so its refresh waits; the later one is refused and
      // touches nothing, so the refresh is owed at the end of the push, where it fails.
      const pushed = await agent.push([
        { name: 'ticket.update', args: { id, fields: { subject: 'Line test booked' }, hlc: clock().now() } },
        { name: 'ticket.update', args: { id, fields: {}, hlc: clock().now() } },
      ]);
      expect(pushed).toMatchObject({ ok: true, outcomes: [{ status: 'applied' }, { status: 'rejected' }] });
      const row = await server.db.selectFrom('tickets').select(['subject', 'next_escalation_at']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.subject).toBe('Line test booked');
      expect(row.next_escalation_at).not.toBeNull();
      expect(Date.parse(row.next_escalation_at!)).toBeLessThanOrEqual(Date.now());
    } finally {
      await server.db.deleteFrom('ticket_events').where('ticket_id', '=', id).where('data', '=', '{not json').execute();
    }
  });

  it('a ticket whose last change in the push lies past a gap gets its deadlines when the push ends', async () => {
    const id = await createLow();
    const next = agent.nextMutationId;
    const pushed = await agent.push([
      { id: next, name: 'ticket.update', args: { id, fields: { impact: 'high', urgency: 'high' }, hlc: clock().now() } },
      { id: next + 2, name: 'ticket.update', args: { id, fields: { subject: 'Sent out of order' }, hlc: clock().now() } },
    ]);
    expect(pushed).toMatchObject({ ok: false, error: { code: 'mutation_gap', expectedMutationId: next + 1 } });
    agent.nextMutationId = next + 1;
    expect(await storedDue(id)).toBe(hoursAfter(await created(id), 1));
  });
});
