import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../core/ids';
import type { PushResponse } from '../../../core/protocol/sync-messages';
import { DATABASE_FILE } from '../../../server/storage/database';
import { loginAs } from '../../support/api-client';
import { startServerProcess, type ServerProcess } from '../../support/server-process';
import { SyncTestClient, ticketArgs } from '../../support/sync-test-client';

const SERVER_BUILD = path.resolve(import.meta.dirname, '../../../dist/server/main.js');
const KILLS = 4;
const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);

let dataDir: string;
let server: ServerProcess | undefined;

beforeAll(() => {
  if (!existsSync(SERVER_BUILD)) throw new Error('dist/server/main.js is missing: run npm run build (npm test does it first).');
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-crash-'));
});
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('server killed with SIGKILL during pushes', () => {
  it(`loses no acknowledged mutation and applies none twice (seed ${seed})`, async () => {
    console.log(`crash-recovery seed ${seed} (replay with CRASH_SEED=${seed})`);
    let random = seed;
    const next = () => (random = (random * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;

    server = await startServerProcess({ dataDir });
    const token = await loginAs(server.url, 'ada@demo.switchboard');
    const clientId = newId();
    // Every mutation the client made, by its id, and the ones the server acknowledged.
    const made = new Map<number, ReturnType<typeof ticketArgs>>();
    const acknowledged = new Set<number>();
    let nextId = 1;

    for (let round = 0; round < KILLS; round++) {
      const client = await SyncTestClient.connect(server.url, token, { clientId });
      // Resend everything not yet acknowledged, from the lowest, as a real outbox does after a crash.
      const pending = [...made.keys()].filter((id) => !acknowledged.has(id)).sort((a, b) => a - b);
      const killAfter = 5 + Math.floor(next() * 20);
      let sent = 0;
      const inFlight: Array<Promise<PushResponse | null>> = [];
      while (sent < killAfter) {
        const id = pending.shift() ?? nextId++;
        if (!made.has(id)) made.set(id, ticketArgs());
        const push = client
          .push([{ id, name: 'ticket.create', args: made.get(id) }])
          .then((response) => {
            if (response.ok) for (const o of response.outcomes) acknowledged.add(o.id);
            return response;
          })
          .catch(() => null);
        inFlight.push(push);
        sent++;
        // Mostly wait for the ack; sometimes keep several pushes in flight when the kill lands.
        if (next() < 0.7) await push;
      }
      server.child.kill('SIGKILL');
      await Promise.all(inFlight);
      client.close();
      const killed = server.child;
      if (killed.exitCode === null && killed.signalCode === null) await new Promise((resolve) => killed.once('exit', resolve));
      server = await startServerProcess({ dataDir });
    }

    // Drain: after the last restart, push everything still unacknowledged.
    const client = await SyncTestClient.connect(server.url, token, { clientId });
    const rest = [...made.keys()].filter((id) => !acknowledged.has(id)).sort((a, b) => a - b);
    if (rest.length) {
      const response = await client.push(rest.map((id) => ({ id, name: 'ticket.create' as const, args: made.get(id) })));
      expect(response.ok).toBe(true);
      if (response.ok) for (const o of response.outcomes) acknowledged.add(o.id);
    }
    client.close();
    await server.stop();
    server = undefined;

    const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const ids = [...made.values()].map((a) => a.id);
      const stored = db.prepare(`SELECT id FROM tickets WHERE id IN (${ids.map(() => '?').join(',')})`).pluck().all(...ids) as string[];
      // Every mutation made is now acknowledged and applied exactly once.
      expect(acknowledged.size).toBe(made.size);
      expect(new Set(stored).size).toBe(stored.length);
      expect(stored.sort()).toEqual(ids.sort());
      const counter = db.prepare('SELECT last_mutation_id FROM sync_clients WHERE client_id = ?').pluck().get(clientId);
      expect(counter).toBe(made.size);
      const creates = db.prepare("SELECT COUNT(*) FROM audit_log WHERE client_id = ? AND action = 'ticket.create'").pluck().get(clientId);
      expect(creates).toBe(made.size);
    } finally {
      db.close();
    }
  }, 120_000);
});
