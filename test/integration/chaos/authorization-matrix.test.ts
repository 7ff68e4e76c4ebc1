import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../core/ids';
import type { MutationName } from '../../../core/protocol/sync-schemas';
import { HybridLogicalClock } from '../../../core/sync/hlc';
import { createLogger } from '../../../server/logger';
import { startServer, type RunningServer } from '../../../server/server';
import { api, loginAs } from '../../support/api-client';
import { SyncTestClient, ticketArgs } from '../../support/sync-test-client';
import { testServerConfig } from '../../support/test-server-config';

/**
 * Every socket event and HTTP route × every kind of caller, each cell checked against the answer it must
 * get: anonymous, an expired token, an agent of the ticket's team, an agent of another team, a
 * supervisor of the team, an admin. Targets are Technical Support tickets assigned to a colleague, so
 * the agent of the team sees them through the team, not by assignment.
 */
const ROLES = ['anonymous', 'expired', 'agentOfTeam', 'agentOfOtherTeam', 'supervisor', 'admin'] as const;
type Role = (typeof ROLES)[number];
const EMAIL: Record<Exclude<Role, 'anonymous' | 'expired'>, string> = {
  agentOfTeam: 'ada@demo.switchboard',
  agentOfOtherTeam: 'bea@demo.switchboard',
  supervisor: 'sam.supervisor@demo.switchboard',
  admin: 'admin@demo.switchboard',
};
const NO_SESSION = { anonymous: 'refused at connect', expired: 'refused at connect' } as const;
const everyone = (answer: string) => ({ ...NO_SESSION, agentOfTeam: answer, agentOfOtherTeam: answer, supervisor: answer, admin: answer });
/** Agents may not answer escalations; an agent of another team cannot even see the ticket. */
const SUPERVISING = { ...NO_SESSION, agentOfTeam: 'forbidden', agentOfOtherTeam: 'not_found', supervisor: 'applied', admin: 'applied' };
const ON_VISIBLE_TICKET = { ...NO_SESSION, agentOfTeam: 'applied', agentOfOtherTeam: 'not_found', supervisor: 'applied', admin: 'applied' };

/** What each mutation needs on the server first (a ticket of the team, escalated or not), and its arguments. */
const MUTATIONS: ReadonlyArray<{ name: MutationName; needs: 'ticket' | 'escalated' | 'nothing'; args: (ticketId: string) => unknown; expected: Record<Role, string> }> = [
  { name: 'ticket.create', needs: 'nothing', args: () => ticketArgs({ teamId: 'team-technical' }), expected: { ...ON_VISIBLE_TICKET, agentOfOtherTeam: 'forbidden' } },
  { name: 'ticket.update', needs: 'ticket', args: (id) => ({ id, fields: { urgency: 'high' }, hlc: new HybridLogicalClock(newId()).now() }), expected: ON_VISIBLE_TICKET },
  { name: 'ticket.setStatus', needs: 'ticket', args: (id) => ({ id, to: 'pending_customer' }), expected: ON_VISIBLE_TICKET },
  { name: 'ticket.tags', needs: 'ticket', args: (id) => ({ id, add: ['vip'], remove: [] }), expected: ON_VISIBLE_TICKET },
  { name: 'ticket.escalate', needs: 'ticket', args: (id) => ({ id, eventId: newId(), handoverNote: 'Tried everything on the checklist.', customerUpdate: null }), expected: ON_VISIBLE_TICKET },
  { name: 'escalation.acknowledge', needs: 'escalated', args: (id) => ({ id, eventId: newId(), note: '' }), expected: SUPERVISING },
  { name: 'escalation.reassign', needs: 'escalated', args: (id) => ({ id, eventId: newId(), assigneeId: null, note: '', hlc: new HybridLogicalClock(newId()).now() }), expected: SUPERVISING },
  { name: 'escalation.deescalate', needs: 'escalated', args: (id) => ({ id, eventId: newId(), note: 'Handled in the morning stand-up.' }), expected: SUPERVISING },
  { name: 'comment.add', needs: 'ticket', args: (id) => ({ id: newId(), ticketId: id, visibility: 'internal', body: 'Checked the logs.', createdAt: new Date().toISOString() }), expected: ON_VISIBLE_TICKET },
  {
    name: 'call.log',
    needs: 'ticket',
    args: (id) => ({ id: newId(), ticketId: id, customerId: null, direction: 'inbound', number: '+442079460001', startedAt: new Date().toISOString(), endedAt: null, notes: '', disposition: null }),
    expected: ON_VISIBLE_TICKET,
  },
  { name: 'customer.create', needs: 'nothing', args: () => ({ id: newId(), name: 'New Caller', phones: ['+442079460999'], emails: [], company: null, language: null, notes: '' }), expected: everyone('applied') },
];

let dir: string;
let server: RunningServer;
const tokens = new Map<Role, string>();
const clients = new Map<Role, SyncTestClient | string>();
let colleague: SyncTestClient;
let colleagueId: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-authz-'));
  server = await startServer(testServerConfig(dir, { demo: true }), createLogger('silent'), 'test');
  for (const role of ['agentOfTeam', 'agentOfOtherTeam', 'supervisor', 'admin'] as const) tokens.set(role, await loginAs(server.url, EMAIL[role]));
  // An expired token: a real session whose time is up.
  const expired = await loginAs(server.url, 'carl@demo.switchboard');
  const carl = await server.db.selectFrom('users').select('id').where('email', '=', 'carl@demo.switchboard').executeTakeFirstOrThrow();
  await server.db.updateTable('sessions').set({ expires_at: '2000-01-01T00:00:00.000Z' }).where('user_id', '=', carl.id).execute();
  tokens.set('expired', expired);
  for (const role of ROLES) {
    const token = tokens.get(role) ?? '';
    clients.set(role, await SyncTestClient.connect(server.url, token).catch((error: Error) => error.message));
  }
  colleague = await SyncTestClient.connect(server.url, await loginAs(server.url, 'ben@demo.switchboard'));
  colleagueId = (await server.db.selectFrom('users').select('id').where('email', '=', 'ben@demo.switchboard').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  for (const client of clients.values()) if (typeof client !== 'string') client.close();
  colleague?.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh Technical Support ticket of Ben's (escalated by him when asked), for one cell. */
async function target(needs: 'ticket' | 'escalated' | 'nothing'): Promise<string> {
  if (needs === 'nothing') return '';
  const ticket = ticketArgs({ impact: 'low', urgency: 'low', teamId: 'team-technical', assigneeId: colleagueId });
  const pushed = await colleague.push([
    { name: 'ticket.create', args: ticket },
    ...(needs === 'escalated' ? [{ name: 'ticket.escalate' as const, args: { id: ticket.id, eventId: newId(), handoverNote: 'Needs a supervisor decision.', customerUpdate: null } }] : []),
  ]);
  if (!pushed.ok || pushed.outcomes.some((o) => o.status !== 'applied')) throw new Error(`setting up the target failed: ${JSON.stringify(pushed)}`);
  return ticket.id;
}

/** One socket event as `role`: the answer reduced to what the matrix states. */
async function answer(role: Role, event: string, payload: (client: SyncTestClient) => unknown): Promise<string> {
  const client = clients.get(role)!;
  if (typeof client === 'string') return client === 'unauthenticated' ? 'refused at connect' : `connect failed: ${client}`;
  const response = (await client.raw(event, payload(client))) as { ok: boolean; error?: { code: string }; outcomes?: Array<{ status: string; error?: { code: string } }> };
  if (!response.ok) return response.error!.code;
  const outcome = response.outcomes?.[0];
  if (outcome) return outcome.status === 'applied' ? 'applied' : outcome.error!.code;
  return 'ok';
}

describe('authorization matrix', () => {
  it('every socket event × role gets exactly the answer it must', async () => {
    const mismatches: string[] = [];
    const check = (cell: string, got: string, expected: string) => got !== expected && mismatches.push(`${cell}: expected ${expected}, got ${got}`);
    for (const mutation of MUTATIONS) {
      for (const role of ROLES) {
        const ticketId = await target(mutation.needs);
        const client = clients.get(role);
        const got = await answer(role, 'sync:push', (c) => ({ clientId: c.clientId, mutations: [{ id: typeof client === 'string' ? 1 : c.nextMutationId++, name: mutation.name, args: mutation.args(ticketId) }] }));
        check(`${mutation.name} × ${role}`, got, mutation.expected[role]);
      }
    }
    const EVENTS: ReadonlyArray<{ event: string; payload: (c: SyncTestClient) => unknown; expected: Record<Role, string> }> = [
      { event: 'sync:pull', payload: (c) => ({ clientId: c.clientId, cursor: 0, limit: 10 }), expected: everyone('ok') },
      { event: 'numbers:lease', payload: (c) => ({ clientId: c.clientId }), expected: everyone('ok') },
      { event: 'presence:set', payload: () => ({ availability: 'away' }), expected: everyone('ok') },
      { event: 'board:get', payload: () => ({}), expected: { ...NO_SESSION, agentOfTeam: 'forbidden', agentOfOtherTeam: 'forbidden', supervisor: 'ok', admin: 'ok' } },
      { event: 'admin:everything', payload: () => ({}), expected: everyone('invalid_request') },
    ];
    for (const { event, payload, expected } of EVENTS) for (const role of ROLES) check(`${event} × ${role}`, await answer(role, event, payload), expected[role]);
    // Another user's sync client id is refused whatever the role.
    const someoneElses = (clients.get('agentOfTeam') as SyncTestClient).clientId;
    for (const role of ['agentOfOtherTeam', 'supervisor', 'admin'] as const) {
      check(`sync:pull with another user's client id × ${role}`, await answer(role, 'sync:pull', () => ({ clientId: someoneElses, cursor: 0 })), 'client_not_yours');
    }
    console.log(`authorization matrix: ${(MUTATIONS.length + EVENTS.length) * ROLES.length + 3} socket cells checked`);
    expect(mismatches).toEqual([]);
  }, 60_000);

  it('the agent of another team never receives the team\'s tickets in a pull', async () => {
    const ticketId = await target('ticket');
    const outsider = clients.get('agentOfOtherTeam') as SyncTestClient;
    const insider = clients.get('agentOfTeam') as SyncTestClient;
    const [outside, inside] = await Promise.all([outsider.pullAll(), insider.pullAll()]);
    expect(outside.some((c) => c.op === 'put' && 'row' in c && (c.row.id === ticketId || ('ticketId' in c.row && c.row.ticketId === ticketId)))).toBe(false);
    expect(inside.some((c) => c.entity === 'ticket' && c.op === 'put' && c.row.id === ticketId)).toBe(true);
  });

  it('every HTTP route × role gets exactly the status it must', async () => {
    const ticketId = await target('ticket');
    const number = (await server.db.selectFrom('tickets').select('number').where('id', '=', ticketId).executeTakeFirstOrThrow()).number!;
    const signedOut = { anonymous: 401, expired: 401 };
    const ROUTES: ReadonlyArray<{ route: string; expected: Record<Role, number> }> = [
      { route: '/api/health', expected: { anonymous: 200, expired: 200, agentOfTeam: 200, agentOfOtherTeam: 200, supervisor: 200, admin: 200 } },
      { route: '/api/auth/me', expected: { ...signedOut, agentOfTeam: 200, agentOfOtherTeam: 200, supervisor: 200, admin: 200 } },
      { route: '/api/workspace', expected: { ...signedOut, agentOfTeam: 200, agentOfOtherTeam: 200, supervisor: 200, admin: 200 } },
      { route: '/api/sync/bootstrap?limit=5', expected: { ...signedOut, agentOfTeam: 200, agentOfOtherTeam: 200, supervisor: 200, admin: 200 } },
      { route: '/api/tickets?limit=5', expected: { ...signedOut, agentOfTeam: 200, agentOfOtherTeam: 200, supervisor: 200, admin: 200 } },
      { route: `/api/tickets/SB-${number}`, expected: { ...signedOut, agentOfTeam: 200, agentOfOtherTeam: 404, supervisor: 200, admin: 200 } },
    ];
    const mismatches: string[] = [];
    for (const { route, expected } of ROUTES) {
      for (const role of ROLES) {
        const response = await api(server.url, route, { ...(tokens.get(role) ? { token: tokens.get(role) } : {}) });
        if (response.status !== expected[role]) mismatches.push(`GET ${route} × ${role}: expected ${expected[role]}, got ${response.status}`);
      }
    }
    // Signing out ends that token, whoever holds it, and nothing else.
    const logout = await api(server.url, '/api/auth/logout', { method: 'POST', token: tokens.get('agentOfOtherTeam') });
    if (logout.status !== 204) mismatches.push(`POST /api/auth/logout: expected 204, got ${logout.status}`);
    if ((await api(server.url, '/api/auth/me', { token: tokens.get('agentOfOtherTeam') })).status !== 401) mismatches.push('a signed-out token still works');
    if ((await api(server.url, '/api/auth/me', { token: tokens.get('agentOfTeam') })).status !== 200) mismatches.push("another user's token stopped working");
    expect(mismatches).toEqual([]);
  });
});
