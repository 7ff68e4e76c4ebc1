import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../core/ids';
import type { Change } from '../../../core/protocol/sync-messages';
import { HybridLogicalClock } from '../../../core/sync/hlc';
import { hashPassword } from '../../../server/auth/password';
import { createLogger } from '../../../server/logger';
import { UsersRepository } from '../../../server/repositories/users-repository';
import { startServer, type RunningServer } from '../../../server/server';
import { loginAs } from '../../support/api-client';
import { SyncTestClient, ticketArgs } from '../../support/sync-test-client';
import { testServerConfig } from '../../support/test-server-config';

/**
 * Supervisors answer escalations (acknowledge, reassign, de-escalate with a note) over real sockets to a
 * real server: each answer is one ticket event that reaches the agent who escalated, agents cannot
 * answer, and a refused answer changes nothing.
 */
let dir: string;
let server: RunningServer;
let agent: SyncTestClient;
let supervisor: SyncTestClient;
let otherSupervisor: SyncTestClient;
let outsider: SyncTestClient;
let agentId: string;
let colleagueId: string;
let supervisorId: string;
const PASSWORD = 'escalation-answers-password';
const clock = new HybridLogicalClock(newId());

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-escalation-answers-'));
  server = await startServer(testServerConfig(dir), createLogger('silent'), 'test');
  await server.db.insertInto('calendars').values({ id: 'ldn', name: 'London', time_zone: 'Europe/London', weekly_hours: '{}', holidays: '[]' }).execute();
  await server.db.insertInto('teams').values([
    { id: 'team-technical', name: 'Technical Support', calendar_id: 'ldn', category_ids: '["technical"]' },
    { id: 'team-billing', name: 'Billing', calendar_id: 'ldn', category_ids: '["billing"]' },
  ]).execute();
  const users = new UsersRepository(server.db);
  const hash = await hashPassword(PASSWORD);
  agentId = newId();
  colleagueId = newId();
  supervisorId = newId();
  await users.create({ id: agentId, email: 'agent@test', name: 'Agent', role: 'agent', passwordHash: hash, teamIds: ['team-technical'] }, new Date());
  await users.create({ id: colleagueId, email: 'colleague@test', name: 'Colleague', role: 'agent', passwordHash: hash, teamIds: ['team-technical'] }, new Date());
  await users.create({ id: supervisorId, email: 'sup@test', name: 'Sup', role: 'supervisor', passwordHash: hash, teamIds: ['team-technical'] }, new Date());
  await users.create({ id: newId(), email: 'billing-sup@test', name: 'Billing Sup', role: 'supervisor', passwordHash: hash, teamIds: ['team-billing'] }, new Date());
  await users.create({ id: newId(), email: 'billing-agent@test', name: 'Billing Agent', role: 'agent', passwordHash: hash, teamIds: ['team-billing'] }, new Date());
  agent = await SyncTestClient.connect(server.url, await loginAs(server.url, 'agent@test', PASSWORD));
  supervisor = await SyncTestClient.connect(server.url, await loginAs(server.url, 'sup@test', PASSWORD));
  otherSupervisor = await SyncTestClient.connect(server.url, await loginAs(server.url, 'billing-sup@test', PASSWORD));
  outsider = await SyncTestClient.connect(server.url, await loginAs(server.url, 'billing-agent@test', PASSWORD));
});
afterAll(async () => {
  for (const client of [agent, supervisor, otherSupervisor, outsider]) client?.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const ticketRow = (id: string) =>
  server.db.selectFrom('tickets').select(['escalation_level', 'escalated_at', 'escalation_acknowledged_at', 'escalation_acknowledged_by', 'assignee_id']).where('id', '=', id).executeTakeFirstOrThrow();
const eventsOf = async (id: string) => (await server.db.selectFrom('ticket_events').select(['kind', 'actor_id', 'data']).where('ticket_id', '=', id).orderBy('at').execute()).map((e) => ({ ...e, data: JSON.parse(e.data) as Record<string, unknown> }));
const eventIn = (changes: readonly Change[], eventId: string) => changes.find((c) => c.entity === 'event' && c.op === 'put' && c.row.id === eventId);

/** A low-priority ticket of the agent's, escalated by hand (level 1: the team's supervisors). */
async function escalatedTicket(): Promise<string> {
  const ticket = ticketArgs({ impact: 'low', urgency: 'low', assigneeId: agentId });
  await agent.push([
    { name: 'ticket.create', args: ticket },
    { name: 'ticket.escalate', args: { id: ticket.id, eventId: newId(), handoverNote: 'Tried a reset and a new cable; caller needs an engineer visit.', customerUpdate: null } },
  ]);
  return ticket.id;
}

describe('answering an escalation', () => {
  it('an escalation waits for a supervisor from the moment it is recorded', async () => {
    const id = await escalatedTicket();
    const row = await ticketRow(id);
    expect(row).toMatchObject({ escalation_level: 1, escalation_acknowledged_at: null, escalation_acknowledged_by: null });
    expect(row.escalated_at).not.toBeNull();
  });

  it('a severity step that reaches supervisors waits for one too', async () => {
    const ticket = ticketArgs({ impact: 'high', urgency: 'medium', assigneeId: agentId });
    await agent.push([{ name: 'ticket.create', args: ticket }]);
    // Taken in the push that filed it.
    expect(await ticketRow(ticket.id)).toMatchObject({ escalation_level: 1, escalated_at: expect.any(String), escalation_acknowledged_at: null });
  });

  it('an escalation and its answer reach exactly who may see the ticket: its team and supervisors, every supervisor at level 2', async () => {
    for (const client of [agent, supervisor, otherSupervisor, outsider]) await client.pullAll();
    const id = await escalatedTicket();
    const ackId = newId();
    await supervisor.push([{ name: 'escalation.acknowledge', args: { id, eventId: ackId, note: '' } }]);
    const kindsFor = async (client: SyncTestClient) =>
      (await client.pullAll()).flatMap((c) => (c.entity === 'event' && c.op === 'put' && c.row.ticketId === id ? [c.row.kind] : [])).filter((k) => k.startsWith('escalat'));
    expect(await kindsFor(agent)).toEqual(['escalated', 'escalation_acknowledged']);
    expect(await kindsFor(supervisor)).toEqual(['escalated', 'escalation_acknowledged']);
    expect(await kindsFor(otherSupervisor)).toEqual([]);
    expect(await kindsFor(outsider)).toEqual([]);

    await agent.push([{ name: 'ticket.escalate', args: { id, eventId: newId(), handoverNote: 'Our supervisor is out; the customer runs a clinic.', customerUpdate: null } }]);
    // At the organisation level every supervisor receives the ticket with its whole history; agents of other teams still nothing.
    expect(await kindsFor(otherSupervisor)).toEqual(['escalated', 'escalation_acknowledged', 'escalated']);
    expect(await kindsFor(outsider)).toEqual([]);
  });

  it('an agent cannot acknowledge, reassign or de-escalate; nothing changes', async () => {
    const id = await escalatedTicket();
    const before = { row: await ticketRow(id), events: await eventsOf(id) };
    const response = await agent.push([
      { name: 'escalation.acknowledge', args: { id, eventId: newId(), note: '' } },
      { name: 'escalation.deescalate', args: { id, eventId: newId(), note: 'I sorted it out myself after all.' } },
      { name: 'escalation.reassign', args: { id, eventId: newId(), assigneeId: colleagueId, note: '', hlc: clock.now() } },
    ]);
    expect(response).toMatchObject({ ok: true, outcomes: [0, 1, 2].map(() => ({ status: 'rejected', error: { code: 'forbidden', message: expect.stringContaining('supervisors') } })) });
    expect(await ticketRow(id)).toEqual(before.row);
    expect(await eventsOf(id)).toEqual(before.events);
  });

  it('a supervisor of another team cannot see it, so cannot answer it', async () => {
    const id = await escalatedTicket();
    const response = await otherSupervisor.push([{ name: 'escalation.acknowledge', args: { id, eventId: newId(), note: '' } }]);
    expect(response).toMatchObject({ ok: true, outcomes: [{ status: 'rejected', error: { code: 'not_found' } }] });
    expect(await ticketRow(id)).toMatchObject({ escalation_acknowledged_at: null });
  });

  it('acknowledged once, with a note the agent who escalated receives; a second acknowledgement is refused', async () => {
    const id = await escalatedTicket();
    await agent.pullAll();
    const eventId = newId();
    const response = await supervisor.push([{ name: 'escalation.acknowledge', args: { id, eventId, note: 'On it, calling the customer back at 3.' } }]);
    expect(response).toMatchObject({ ok: true, outcomes: [{ status: 'applied' }] });
    expect(await ticketRow(id)).toMatchObject({ escalation_level: 1, escalation_acknowledged_by: supervisorId, escalation_acknowledged_at: expect.any(String) });

    const changes = await agent.pullAll();
    const event = eventIn(changes, eventId);
    expect(event && 'row' in event ? event.row : null).toMatchObject({ kind: 'escalation_acknowledged', actorId: supervisorId, data: { note: 'On it, calling the customer back at 3.', fromLevel: 1, toLevel: 1 } });
    const ticket = changes.find((c) => c.entity === 'ticket' && c.op === 'put' && c.row.id === id);
    expect(ticket && 'row' in ticket ? ticket.row : null).toMatchObject({ escalationAcknowledgedBy: supervisorId });

    const again = await supervisor.push([{ name: 'escalation.acknowledge', args: { id, eventId: newId(), note: '' } }]);
    expect(again).toMatchObject({ ok: true, outcomes: [{ status: 'rejected', error: { code: 'rejected', message: expect.stringContaining('already acknowledged') } }] });
    expect((await eventsOf(id)).filter((e) => e.kind === 'escalation_acknowledged')).toHaveLength(1);
  });

  it('a further escalation is news again: it waits for a supervisor even after the last one was acknowledged', async () => {
    const id = await escalatedTicket();
    await supervisor.push([{ name: 'escalation.acknowledge', args: { id, eventId: newId(), note: '' } }]);
    await agent.push([{ name: 'ticket.escalate', args: { id, eventId: newId(), handoverNote: 'The engineer visit failed too; customer threatens to cancel.', customerUpdate: null } }]);
    expect(await ticketRow(id)).toMatchObject({ escalation_level: 2, escalation_acknowledged_at: null, escalation_acknowledged_by: null });
  });

  it('reassigning answers it: the new assignee and the agent who escalated both receive it with the note', async () => {
    const id = await escalatedTicket();
    await agent.pullAll();
    const eventId = newId();
    const response = await supervisor.push([{ name: 'escalation.reassign', args: { id, eventId, assigneeId: colleagueId, note: 'Colleague knows this router model.', hlc: clock.now() } }]);
    expect(response).toMatchObject({ ok: true, outcomes: [{ status: 'applied' }] });
    expect(await ticketRow(id)).toMatchObject({ assignee_id: colleagueId, escalation_level: 1, escalation_acknowledged_by: supervisorId });
    // The agent still sees it (same team), with the answer.
    const event = eventIn(await agent.pullAll(), eventId);
    expect(event && 'row' in event ? event.row : null).toMatchObject({ kind: 'escalation_reassigned', data: { fromAssigneeId: agentId, toAssigneeId: colleagueId, note: 'Colleague knows this router model.' } });
  });

  it('de-escalation needs a reason; it lowers the level one step and ends the escalation at 0', async () => {
    const id = await escalatedTicket();
    const silent = await supervisor.push([{ name: 'escalation.deescalate', args: { id, eventId: newId(), note: 'ok' } }]);
    expect(silent).toMatchObject({ ok: true, outcomes: [{ status: 'rejected', error: { message: expect.stringContaining('Say why') } }] });
    expect(await ticketRow(id)).toMatchObject({ escalation_level: 1 });

    const eventId = newId();
    await supervisor.push([{ name: 'escalation.deescalate', args: { id, eventId, note: 'Known outage, fixed at 14:10; normal handling.' } }]);
    expect(await ticketRow(id)).toMatchObject({ escalation_level: 0, escalated_at: null, escalation_acknowledged_at: null });
    const event = eventIn(await agent.pullAll(), eventId);
    expect(event && 'row' in event ? event.row : null).toMatchObject({ kind: 'deescalated', actorId: supervisorId, data: { fromLevel: 1, toLevel: 0, note: 'Known outage, fixed at 14:10; normal handling.' } });
    const late = await supervisor.push([{ name: 'escalation.acknowledge', args: { id, eventId: newId(), note: '' } }]);
    expect(late).toMatchObject({ ok: true, outcomes: [{ status: 'rejected', error: { message: 'This ticket is not escalated.' } }] });
  });

  it('malformed answers are refused whole with a typed error', async () => {
    const id = await escalatedTicket();
    const response = await supervisor.push([
      { name: 'escalation.acknowledge', args: { id, eventId: 'not-a-uuid', note: '' } },
      { name: 'escalation.reassign', args: { id, eventId: newId(), assigneeId: colleagueId, note: '', hlc: clock.now(), extra: true } },
      { name: 'escalation.deescalate', args: { id, eventId: newId(), note: 'x'.repeat(5_000) } },
    ]);
    expect(response).toMatchObject({ ok: true, outcomes: [0, 1, 2].map(() => ({ status: 'rejected', error: { code: 'invalid_request' } })) });
    expect(await ticketRow(id)).toMatchObject({ escalation_level: 1, escalation_acknowledged_at: null, assignee_id: agentId });
  });
});
