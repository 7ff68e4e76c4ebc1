import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../core/ids';
import type { BoardResponse, PresenceChange, PresenceSetResponse } from '../../../core/protocol/presence';
import { hashPassword } from '../../../server/auth/password';
import { createLogger } from '../../../server/logger';
import { UsersRepository } from '../../../server/repositories/users-repository';
import { startServer, type RunningServer } from '../../../server/server';
import { loginAs } from '../../support/api-client';
import { SyncTestClient, ticketArgs } from '../../support/sync-test-client';
import { testServerConfig } from '../../support/test-server-config';

/**
 * Availability over real sockets: what an agent chooses reaches exactly the supervisors of their teams
 * (and admins), routing follows it, a closed connection means offline, and the team board is for
 * supervisors only.
 */
let dir: string;
let server: RunningServer;
let supervisor: SyncTestClient;
let otherSupervisor: SyncTestClient;
let admin: SyncTestClient;
let bea: SyncTestClient;
let beaId: string;
let beaToken: string;
const PASSWORD = 'presence-test-password';
const heard: Record<'supervisor' | 'otherSupervisor' | 'admin' | 'bea', PresenceChange[]> = { supervisor: [], otherSupervisor: [], admin: [], bea: [] };

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-presence-'));
  server = await startServer(testServerConfig(dir), createLogger('silent'), 'test');
  await server.db.insertInto('calendars').values({ id: 'ldn', name: 'London', time_zone: 'Europe/London', weekly_hours: '{}', holidays: '[]' }).execute();
  await server.db.insertInto('teams').values([
    { id: 'team-billing', name: 'Billing', calendar_id: 'ldn', category_ids: '["billing"]' },
    { id: 'team-technical', name: 'Technical Support', calendar_id: 'ldn', category_ids: '["technical"]' },
  ]).execute();
  const users = new UsersRepository(server.db);
  const hash = await hashPassword(PASSWORD);
  beaId = newId();
  await users.create({ id: beaId, email: 'bea@test', name: 'Bea', role: 'agent', passwordHash: hash, teamIds: ['team-billing'], capacity: 10 }, new Date());
  await users.create({ id: newId(), email: 'sup@test', name: 'Sup', role: 'supervisor', passwordHash: hash, teamIds: ['team-billing'] }, new Date());
  await users.create({ id: newId(), email: 'tech-sup@test', name: 'Tech Sup', role: 'supervisor', passwordHash: hash, teamIds: ['team-technical'] }, new Date());
  await users.create({ id: newId(), email: 'admin@test', name: 'Admin', role: 'admin', passwordHash: hash, teamIds: [] }, new Date());
  supervisor = await SyncTestClient.connect(server.url, await loginAs(server.url, 'sup@test', PASSWORD));
  otherSupervisor = await SyncTestClient.connect(server.url, await loginAs(server.url, 'tech-sup@test', PASSWORD));
  admin = await SyncTestClient.connect(server.url, await loginAs(server.url, 'admin@test', PASSWORD));
  for (const [who, client] of [['supervisor', supervisor], ['otherSupervisor', otherSupervisor], ['admin', admin]] as const) {
    client.socket.on('presence:changed', (change) => heard[who].push(change));
  }
  beaToken = await loginAs(server.url, 'bea@test', PASSWORD);
});
afterAll(async () => {
  for (const client of [supervisor, otherSupervisor, admin, bea]) client?.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const stored = async () => (await server.db.selectFrom('users').select('availability').where('id', '=', beaId).executeTakeFirstOrThrow()).availability;
const setAvailability = (client: SyncTestClient, availability: unknown) => client.raw('presence:set', { availability }) as Promise<PresenceSetResponse>;
const board = (client: SyncTestClient, request: unknown = {}) => client.raw('board:get', request) as Promise<BoardResponse>;
/** Waits for the announcement to arrive, bounded; then gives any stray one a moment to show. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 50));
}
const lastHeard = (who: keyof typeof heard) => heard[who].filter((c) => c.userId === beaId).at(-1)?.availability;

describe('availability', () => {
  it('connecting makes an agent available to the supervisors of their team and admins, and no one else', async () => {
    expect(await stored()).toBe('offline');
    bea = await SyncTestClient.connect(server.url, beaToken);
    bea.socket.on('presence:changed', (change) => heard.bea.push(change));
    await until(() => lastHeard('supervisor') === 'available' && lastHeard('admin') === 'available');
    expect(lastHeard('supervisor')).toBe('available');
    expect(lastHeard('admin')).toBe('available');
    expect(heard.otherSupervisor).toEqual([]);
    expect(heard.bea).toEqual([]);
    expect(await stored()).toBe('available');
  });

  it('routing skips an agent who is away, and gives them tickets again once available', async () => {
    expect(await setAvailability(bea, 'away')).toEqual({ ok: true, availability: 'away' });
    await until(() => lastHeard('supervisor') === 'away');
    expect(lastHeard('supervisor')).toBe('away');
    const whileAway = ticketArgs({ teamId: null, categoryId: 'billing' });
    await supervisor.push([{ name: 'ticket.create', args: whileAway }]);
    expect(await server.db.selectFrom('tickets').select(['team_id', 'assignee_id']).where('id', '=', whileAway.id).executeTakeFirstOrThrow()).toEqual({ team_id: 'team-billing', assignee_id: null });

    await setAvailability(bea, 'available');
    const back = ticketArgs({ teamId: null, categoryId: 'billing' });
    await supervisor.push([{ name: 'ticket.create', args: back }]);
    expect(await server.db.selectFrom('tickets').select('assignee_id').where('id', '=', back.id).executeTakeFirstOrThrow()).toEqual({ assignee_id: beaId });
  });

  it('"offline" and anything malformed are refused and change nothing', async () => {
    for (const bad of ['offline', 'lunch', 42, null]) {
      expect(await setAvailability(bea, bad)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    }
    expect(await bea.raw('presence:set', { availability: 'away', extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await stored()).toBe('available');
  });

  it('the team board is refused to agents and shows supervisors their agents with load, at risk and oldest ticket', async () => {
    expect(await board(bea)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await board(supervisor, { all: true })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const shown = await board(supervisor);
    expect(shown).toMatchObject({ ok: true, agents: [{ id: beaId, name: 'Bea', availability: 'available', capacity: 10, openTickets: 1, atRisk: 0, oldestOpen: { number: expect.any(Number) } }] });
    // The technical team's supervisor oversees no billing agent.
    expect(await board(otherSupervisor)).toMatchObject({ ok: true, agents: [] });
  });

  it('closing the last connection makes the agent offline, and routing passes them over', async () => {
    bea.close();
    await until(() => lastHeard('supervisor') === 'offline');
    expect(lastHeard('supervisor')).toBe('offline');
    expect(await stored()).toBe('offline');
    const ticket = ticketArgs({ teamId: null, categoryId: 'billing' });
    await supervisor.push([{ name: 'ticket.create', args: ticket }]);
    expect(await server.db.selectFrom('tickets').select('assignee_id').where('id', '=', ticket.id).executeTakeFirstOrThrow()).toEqual({ assignee_id: null });
    expect(heard.otherSupervisor).toEqual([]);
  });
});
