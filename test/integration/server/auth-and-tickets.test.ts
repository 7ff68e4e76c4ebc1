import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../../core/ticket/ticket';
import type { User } from '../../../core/people/user';
import { canSeeTicket } from '../../../core/people/visibility';
import { createLogger } from '../../../server/logger';
import { testServerConfig } from '../../support/test-server-config';
import { startServer, type RunningServer } from '../../../server/server';
import { api, loginAs } from '../../support/api-client';

let dir: string;
let server: RunningServer;
let logs = '';
const USERS = {
  admin: 'admin@demo.switchboard',
  sam: 'sam.supervisor@demo.switchboard',
  casey: 'casey.supervisor@demo.switchboard',
  ada: 'ada@demo.switchboard',
  bea: 'bea@demo.switchboard',
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-auth-'));
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs += chunk.toString();
      done();
    },
  });
  server = await startServer(
    testServerConfig(dir, { logLevel: 'info', demo: true }),
    createLogger('info', sink),
    'test',
  );
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function allVisible(token: string): Promise<Ticket[]> {
  const tickets: Ticket[] = [];
  let before: number | null = null;
  for (let page = 0; page < 20; page++) {
    const query: string = `/api/tickets?limit=200${before ? `&before=${before}` : ''}`;
    const response = await api<{ tickets: Ticket[]; nextBefore: number | null }>(server.url, query, { token });
    expect(response.status).toBe(200);
    tickets.push(...response.body.tickets);
    before = response.body.nextBefore;
    if (!before) break;
  }
  return tickets;
}

describe('demo workspace', () => {
  it('is created on an empty database with teams, users, customers and tickets in every state', async () => {
    expect(server.demo?.tickets).toBe(400);
    const statuses = await server.db.selectFrom('tickets').select('status').distinct().execute();
    expect(statuses.map((s) => s.status).sort()).toEqual(['closed', 'new', 'on_hold', 'open', 'pending_customer', 'resolved']);
    const calls = await server.db.selectFrom('calls').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(calls.n)).toBeGreaterThan(50);
  });
});

describe('sign-in', () => {
  it('returns a token and the user, and the token identifies the user', async () => {
    const response = await api<{ token: string; user: User }>(server.url, '/api/auth/login', { json: { email: USERS.ada, password: 'switchboard-demo' } });
    expect(response.status).toBe(200);
    expect(response.body.user).toMatchObject({ email: USERS.ada, role: 'agent', teamIds: ['team-technical'] });
    const me = await api<{ user: User }>(server.url, '/api/auth/me', { token: response.body.token });
    expect(me.body.user.email).toBe(USERS.ada);
  });

  it('refuses a wrong password and an unknown email with the same answer', async () => {
    const wrong = await api(server.url, '/api/auth/login', { json: { email: USERS.bea, password: 'not-the-password' } });
    const unknown = await api(server.url, '/api/auth/login', { json: { email: 'nobody@demo.switchboard', password: 'not-the-password' } });
    expect(wrong.status).toBe(401);
    expect(unknown).toMatchObject({ status: 401, body: wrong.body });
    expect(wrong.body).toEqual({ error: { code: 'invalid_credentials', message: 'The email or password is wrong.' } });
  });

  it('answers malformed, oversized and wrongly typed bodies with typed errors', async () => {
    expect((await api(server.url, '/api/auth/login', { body: '{not json' })).body).toMatchObject({ error: { code: 'invalid_json' } });
    expect((await api(server.url, '/api/auth/login', { json: { email: 'a@b.c', password: 'x', admin: true } })).body).toMatchObject({
      error: { code: 'invalid_request' },
    });
    expect((await api(server.url, '/api/auth/login', { json: { email: 42, password: [] } })).status).toBe(400);
    expect((await api(server.url, '/api/auth/login', { json: { email: 'a@b.c', password: 'x'.repeat(20_000) } })).status).toBe(413);
    expect((await api(server.url, '/api/auth/login', { body: 'email=a', contentType: 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await api(server.url, '/api/auth/login', { method: 'GET' })).status).toBe(405);
  });

  it('throttles repeated guesses against one account', async () => {
    // Its own account: the lock-out lasts minutes and would block other tests.
    const target = 'carl@demo.switchboard';
    let last = await api(server.url, '/api/auth/login', { json: { email: target, password: 'guess-0000' } });
    for (let i = 1; i < 12 && last.status !== 429; i++) {
      last = await api(server.url, '/api/auth/login', { json: { email: target, password: `guess-${i}` } });
    }
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last.body).toMatchObject({ error: { code: 'too_many_attempts' } });
  });

  it('logout revokes the token at once', async () => {
    const token = await loginAs(server.url, USERS.bea);
    expect((await api(server.url, '/api/tickets', { token })).status).toBe(200);
    expect((await api(server.url, '/api/auth/logout', { method: 'POST', token })).status).toBe(204);
    expect((await api(server.url, '/api/tickets', { token })).status).toBe(401);
  });

  it('applies a role change and a disabled account on the next request', async () => {
    const token = await loginAs(server.url, USERS.bea);
    const before = await allVisible(token);
    expect(before.every((t) => t.teamId === 'team-billing' || t.assigneeId !== null)).toBe(true);
    await server.db.updateTable('users').set({ role: 'admin' }).where('email', '=', USERS.bea).execute();
    expect((await allVisible(token)).length).toBe(400);
    await server.db.updateTable('users').set({ role: 'agent', disabled: 1 }).where('email', '=', USERS.bea).execute();
    expect((await api(server.url, '/api/tickets', { token })).status).toBe(401);
    await server.db.updateTable('users').set({ disabled: 0 }).where('email', '=', USERS.bea).execute();
  });

  it('never writes passwords or tokens to the log', async () => {
    const token = await loginAs(server.url, USERS.sam);
    expect(logs).toContain('"event":"login"');
    expect(logs).not.toContain('switchboard-demo');
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(USERS.sam);
  });
});

describe('workspace', () => {
  it('gives a signed-in user the teams and their business calendars, and nobody else anything', async () => {
    expect((await api(server.url, '/api/workspace')).status).toBe(401);
    const token = await loginAs(server.url, USERS.ada);
    const response = await api<{ teams: Array<{ id: string; categoryIds: string[] }>; calendarsByTeam: Record<string, { timeZone: string }> }>(server.url, '/api/workspace', { token });
    expect(response.body.teams.map((t) => t.id).sort()).toEqual(['team-billing', 'team-care', 'team-technical']);
    expect(response.body.teams.find((t) => t.id === 'team-billing')?.categoryIds).toEqual(['billing']);
    expect(response.body.calendarsByTeam['team-care']?.timeZone).toBe('America/New_York');
    expect(response.body.calendarsByTeam['team-technical']?.timeZone).toBe('Europe/London');
    const people = (response.body as unknown as { people: Array<Record<string, unknown>> }).people;
    expect(people.find((p) => p.name === 'Cleo Agent')).toMatchObject({ role: 'agent', teamIds: ['team-billing', 'team-care'] });
    expect(people.every((p) => !('email' in p) && !('password_hash' in p))).toBe(true);
  });
});

describe('tickets over REST, with the same authorization as sockets', () => {
  it('needs a token', async () => {
    expect(await api(server.url, '/api/tickets')).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
    expect((await api(server.url, '/api/tickets', { token: 'x'.repeat(43) })).status).toBe(401);
  });

  it('gives each role exactly the tickets core says it may see', async () => {
    const all = await allVisible(await loginAs(server.url, USERS.admin));
    expect(all).toHaveLength(400);
    for (const email of [USERS.ada, USERS.sam, USERS.casey]) {
      const token = await loginAs(server.url, email);
      const me = (await api<{ user: User }>(server.url, '/api/auth/me', { token })).body.user;
      const visible = await allVisible(token);
      const expected = all.filter((t) => canSeeTicket(me, t));
      expect(visible.map((t) => t.id).sort()).toEqual(expected.map((t) => t.id).sort());
      expect(visible.length).toBeLessThan(400);
    }
  });

  it('hides another team\'s ticket behind a 404, and shows one of the agent\'s own team', async () => {
    const token = await loginAs(server.url, USERS.ada);
    const all = await allVisible(await loginAs(server.url, USERS.admin));
    const billing = all.find((t) => t.teamId === 'team-billing' && t.assigneeId === null)!;
    const technical = all.find((t) => t.teamId === 'team-technical')!;
    expect((await api(server.url, `/api/tickets/${billing.number}`, { token })).status).toBe(404);
    const own = await api<{ ticket: Ticket }>(server.url, `/api/tickets/SB-${technical.number}`, { token });
    expect(own.body.ticket.id).toBe(technical.id);
    expect((await api(server.url, '/api/tickets/not-a-number', { token })).status).toBe(400);
    // Broken percent-encoding is a bad request with its reason, not a server error (found by the fuzz suite).
    for (const broken of ['%', '%zz', 'SB-%E0%A4%A']) {
      const answer = await api<{ error: { code: string } }>(server.url, `/api/tickets/${broken}`, { token });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('invalid_request');
    }
  });

  it('filters by status, priority, assignee and text, and pages newest first', async () => {
    const token = await loginAs(server.url, USERS.admin);
    const open = await api<{ tickets: Ticket[] }>(server.url, '/api/tickets?status=open,pending_customer&priority=critical,high&limit=200', { token });
    expect(open.body.tickets.length).toBeGreaterThan(0);
    for (const t of open.body.tickets) {
      expect(['open', 'pending_customer']).toContain(t.status);
      expect(['critical', 'high']).toContain(t.priority);
    }
    const unassigned = await api<{ tickets: Ticket[] }>(server.url, '/api/tickets?assignee=none&limit=200', { token });
    expect(unassigned.body.tickets.every((t) => t.assigneeId === null)).toBe(true);
    const text = await api<{ tickets: Ticket[] }>(server.url, `/api/tickets?text=${encodeURIComponent('Charged twice')}&limit=200`, { token });
    expect(text.body.tickets.length).toBeGreaterThan(0);
    expect(text.body.tickets.every((t) => t.subject.includes('Charged twice'))).toBe(true);
    expect((await api<{ tickets: Ticket[] }>(server.url, '/api/tickets?text=%25', { token })).body.tickets).toEqual([]);
    const page = await api<{ tickets: Ticket[]; nextBefore: number }>(server.url, '/api/tickets?limit=10', { token });
    const numbers = page.body.tickets.map((t) => t.number!);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(page.body.nextBefore).toBe(numbers.at(-1));
  });

  it('refuses unknown filters and bad values with a typed error', async () => {
    const token = await loginAs(server.url, USERS.admin);
    expect((await api(server.url, '/api/tickets?status=lost', { token })).body).toMatchObject({ error: { code: 'invalid_request' } });
    expect((await api(server.url, '/api/tickets?limit=5000', { token })).status).toBe(400);
    expect((await api(server.url, '/api/tickets?drop=table', { token })).status).toBe(400);
  });
});
