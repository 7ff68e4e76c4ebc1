import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../core/ids';
import { hashPassword } from '../../../server/auth/password';
import { createLogger } from '../../../server/logger';
import { UsersRepository } from '../../../server/repositories/users-repository';
import { startServer, type RunningServer } from '../../../server/server';
import { loginAs } from '../../support/api-client';
import { SyncTestClient, ticketArgs } from '../../support/sync-test-client';
import { testServerConfig } from '../../support/test-server-config';

let dir: string;
let server: RunningServer;
let agent: SyncTestClient;
let supervisor: SyncTestClient;
let agentId: string;
const PASSWORD = 'manual-escalation-password';

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-manual-escalation-'));
  server = await startServer(testServerConfig(dir), createLogger('silent'), 'test');
  await server.db.insertInto('calendars').values({ id: 'ldn', name: 'London', time_zone: 'Europe/London', weekly_hours: '{}', holidays: '[]' }).execute();
  await server.db.insertInto('teams').values({ id: 'team-technical', name: 'Technical Support', calendar_id: 'ldn', category_ids: '["technical"]' }).execute();
  const users = new UsersRepository(server.db);
  const hash = await hashPassword(PASSWORD);
  agentId = newId();
  await users.create({ id: agentId, email: 'agent@test', name: 'Agent', role: 'agent', passwordHash: hash, teamIds: ['team-technical'] }, new Date());
  await users.create({ id: newId(), email: 'sup@test', name: 'Sup', role: 'supervisor', passwordHash: hash, teamIds: ['team-technical'] }, new Date());
  agent = await SyncTestClient.connect(server.url, await loginAs(server.url, 'agent@test', PASSWORD));
  supervisor = await SyncTestClient.connect(server.url, await loginAs(server.url, 'sup@test', PASSWORD));
});
afterAll(async () => {
  agent?.close();
  supervisor?.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const ticketRow = (id: string) => server.db.selectFrom('tickets').select(['escalation_level', 'tier']).where('id', '=', id).executeTakeFirstOrThrow();

describe('manual escalation with a handover note', () => {
  const ticket = ticketArgs({ impact: 'low', urgency: 'low' });

  it('is refused without a real handover note, and changes nothing', async () => {
    await agent.push([{ name: 'ticket.create', args: ticket }]);
    const response = await agent.push([{ name: 'ticket.escalate', args: { id: ticket.id, eventId: newId(), handoverNote: 'help', customerUpdate: null } }]);
    expect(response).toMatchObject({ ok: true, outcomes: [{ status: 'rejected', error: { code: 'rejected', message: expect.stringContaining('handover note') } }] });
    expect(await ticketRow(ticket.id)).toMatchObject({ escalation_level: 0 });
    expect(await server.db.selectFrom('ticket_events').select('id').where('ticket_id', '=', ticket.id).where('kind', '=', 'escalated').execute()).toEqual([]);
  });

  it('raises the level, records one event with the note from whom to whom, tells the customer, and reaches the supervisor', async () => {
    const eventId = newId();
    const commentId = newId();
    const note = 'Reset the router twice, still drops hourly. Told the caller a specialist will call back today.';
    const response = await agent.push([
      { name: 'ticket.escalate', args: { id: ticket.id, eventId, handoverNote: note, customerUpdate: { commentId, body: 'Your request has been passed to our senior team.' } } },
    ]);
    expect(response).toMatchObject({ ok: true, outcomes: [{ status: 'applied' }] });
    expect(await ticketRow(ticket.id)).toMatchObject({ escalation_level: 1 });

    const changes = await supervisor.pullAll();
    const event = changes.find((c) => c.entity === 'event' && c.op === 'put' && c.row.id === eventId);
    expect(event && 'row' in event ? event.row : null).toMatchObject({
      kind: 'escalated',
      actorId: agentId,
      data: { reason: 'manual', level: 1, fromUserId: agentId, toRole: 'team_supervisors', note },
    });
    const comment = await server.db.selectFrom('comments').selectAll().where('id', '=', commentId).executeTakeFirstOrThrow();
    expect(comment).toMatchObject({ visibility: 'public', body: 'Your request has been passed to our senior team.' });
  });

  it('a second escalation goes to every supervisor; a resolved ticket cannot be escalated', async () => {
    await agent.push([{ name: 'ticket.escalate', args: { id: ticket.id, eventId: newId(), handoverNote: 'Team supervisor is away today; customer is a hospital.', customerUpdate: null } }]);
    expect(await ticketRow(ticket.id)).toMatchObject({ escalation_level: 2 });
    await agent.push([{ name: 'ticket.setStatus', args: { id: ticket.id, to: 'resolved', resolutionSummary: 'Replaced the router.' } }]);
    const late = await agent.push([{ name: 'ticket.escalate', args: { id: ticket.id, eventId: newId(), handoverNote: 'Customer still unhappy with the outcome.', customerUpdate: null } }]);
    expect(late).toMatchObject({ ok: true, outcomes: [{ status: 'rejected', error: { message: expect.stringContaining('reopen') } }] });
  });
});
