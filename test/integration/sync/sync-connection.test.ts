import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MutationArgs } from '../../../core/protocol/sync-schemas';
import { createLogger } from '../../../server/logger';
import { startServer, type RunningServer } from '../../../server/server';
import { SyncConnection, type ConnectionState } from '../../../renderer/sync/sync-connection';
import type { SyncError } from '../../../renderer/sync/sync-transport';
import { api, loginAs } from '../../support/api-client';
import { ticketArgs } from '../../support/sync-test-client';
import { testServerConfig } from '../../support/test-server-config';
import { Workstation } from '../../support/workstation-harness';

/**
 * The workstation's connection (renderer/sync/sync-connection.ts) in Node: the real engine over
 * fake-indexeddb (the Workstation harness), a real server on a random loopback port, real
 * socket.io-client. The page's `window` and `document` are stood in by EventTargets: the connection only
 * listens on them ("online", "visibilitychange"). Node has no Web Locks, so each connection leads.
 */
let dir: string;
let server: RunningServer;
const running: Array<{ connection: SyncConnection; ws: Workstation }> = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-connection-'));
  server = await startServer(testServerConfig(dir, { demo: true }), createLogger('silent'), 'test');
});
beforeEach(() => {
  vi.stubGlobal('window', new EventTarget());
  vi.stubGlobal('document', new EventTarget());
});
afterEach(() => {
  for (const { connection, ws } of running.splice(0)) {
    connection.stop();
    ws.close();
  }
  vi.unstubAllGlobals();
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Polls `check` every 50 ms until it holds, for at most `ms`. */
async function eventually(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A signed-in workstation whose connection has been started, and what the connection told the page. */
async function connected(email: string) {
  const user = await server.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  const token = await loginAs(server.url, email);
  const ws = new Workstation(user.id, token);
  const told = { states: [] as ConnectionState[], ended: [] as string[], errors: [] as SyncError[] };
  const connection = new SyncConnection(ws.engine, { baseUrl: server.url, token }, {
    onState: (state) => told.states.push(state),
    onSessionEnded: (code) => told.ended.push(code),
    onError: (error) => told.errors.push(error),
  });
  running.push({ connection, ws });
  connection.start();
  await eventually('online with a filled mirror', async () => told.states.at(-1) === 'online' && (await ws.engine.meta()).filled);
  return { ws, token, told };
}

const newTicket = (subject: string) => ticketArgs({ subject, description: '', impact: 'low', urgency: 'medium' }) as MutationArgs<'ticket.create'>;
const onServer = async (id: string) => (await server.db.selectFrom('tickets').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

describe('the workstation connection', () => {
  it('says connecting, then online once the mirror is filled, with nothing to report', async () => {
    const { ws, told } = await connected('ada@demo.switchboard');
    expect(told.states[0]).toBe('connecting');
    expect(told.states.at(-1)).toBe('online');
    expect(told.errors).toStrictEqual([]);
    expect(await ws.db.tickets.count()).toBeGreaterThan(0);
  });

  it("sends a change the moment it is made, and takes in another agent's without being asked", async () => {
    const { ws: ada } = await connected('ada@demo.switchboard');
    const { ws: ben } = await connected('ben@demo.switchboard');
    // Ada files a ticket: it leaves at once (no sync called here), and Ben's mirror gets it from the poke.
    const filed = newTicket('Filed by Ada, seen by Ben');
    await ada.engine.mutate('ticket.create', filed);
    await eventually('on the server', () => onServer(filed.id));
    await eventually("in Ben's mirror", async () => (await ben.db.tickets.get(filed.id)) !== undefined);
    expect(await ada.engine.pendingCount()).toBe(0);
  });

  it('ends the session when the token is signed out elsewhere', async () => {
    const { token, told } = await connected('ada@demo.switchboard');
    const response = await api(server.url, '/api/auth/logout', { method: 'POST', token });
    expect(response.status).toBe(204);
    await eventually('told the session ended', () => told.ended.length > 0);
    expect(told.ended[0]).toBe('logged_out');
  });

  it('goes offline when the server goes away, and sends what was made meanwhile once it is back', async () => {
    const { ws, told } = await connected('ada@demo.switchboard');
    const port = server.port;
    await server.close();
    await eventually('offline', () => told.states.at(-1) === 'offline');
    const offline = newTicket('Filed while the server was down');
    await ws.engine.mutate('ticket.create', offline);
    expect(await ws.engine.pendingCount()).toBe(1);
    // The same server, started again on its port and database: Socket.IO reconnects on its own.
    server = await startServer(testServerConfig(dir, { demo: true, port }), createLogger('silent'), 'test');
    await eventually('online again', () => told.states.at(-1) === 'online', 20_000);
    await eventually('the offline ticket on the server', () => onServer(offline.id));
    await eventually('nothing waiting', async () => (await ws.engine.pendingCount()) === 0);
    expect(told.errors).toStrictEqual([]);
  });
});
