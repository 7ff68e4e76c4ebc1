import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { newId } from '../../../core/ids';
import { canSeeTicket } from '../../../core/people/visibility';
import type { MutationOutcome } from '../../../core/protocol/sync-messages';
import { HybridLogicalClock } from '../../../core/sync/hlc';
import { URGENCIES } from '../../../core/ticket/priority';
import { withoutQueueFields } from '../../../renderer/queues/queue-fields';
import { socketTransport } from '../../../renderer/sync/socket-transport';
import { OfflineError, SyncError, type SyncTransport } from '../../../renderer/sync/sync-transport';
import { DATABASE_FILE } from '../../../server/storage/database';
import { toComment, toSyncedTicket } from '../../../server/sync/row-mappers';
import { loginAs } from '../../support/api-client';
import { FaultProxy } from '../../support/fault-proxy';
import { startServerProcess, type ServerProcess } from '../../support/server-process';
import { Workstation } from '../../support/workstation-harness';
import { chaosTier, seededRandom } from './chaos-tier';

/**
 * Many workstations (the real sync engine on fake-indexeddb) make changes through a fault proxy while
 * their connections drop at random, the network resets and black-holes, and the server is SIGKILLed and
 * restarted on the same SQLite file. Afterwards: nothing lost, nothing applied twice, every mirror equal to
 * the server. The short tier runs in `npm test`; `npm run test:chaos` runs the long one (20 clients × 500
 * mutations, 5 kills). Replay a run with CHAOS_SEED.
 */
const tier = chaosTier();
const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 2 ** 31);
const AGENTS = ['ada', 'ben', 'bea', 'carl', 'cleo'] as const;

let dataDir: string;
let server: ServerProcess | undefined;
let proxy: FaultProxy | undefined;

afterAll(async () => {
  await proxy?.close();
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The server as the test found it, read straight from its SQLite file (also while it is down). */
function serverState() {
  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      clients: new Map((db.prepare('SELECT client_id, last_mutation_id FROM sync_clients').all() as Array<{ client_id: string; last_mutation_id: number }>).map((r) => [r.client_id, r.last_mutation_id])),
      outcomes: db.prepare('SELECT client_id, mutation_id, outcome FROM mutation_outcomes').all() as Array<{ client_id: string; mutation_id: number; outcome: string }>,
      creates: db.prepare("SELECT client_id, entity_id, COUNT(*) AS n FROM audit_log WHERE action IN ('ticket.create', 'comment.add') GROUP BY client_id, entity_id").all() as Array<{ client_id: string; entity_id: string; n: number }>,
    };
  } finally {
    db.close();
  }
}

describe(`sync under faults (${tier.name} tier)`, () => {
  it(`${tier.clients} clients × ${tier.mutations} mutations, random disconnects, resets and ${tier.kills} SIGKILLs: nothing lost, nothing twice, every mirror equals the server (seed ${seed})`, async () => {
    console.log(`chaos seed ${seed}, ${tier.name} tier (replay with CHAOS_SEED=${seed}${tier.name === 'long' ? ' CHAOS_TIER=long' : ''})`);
    const random = seededRandom(seed);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-chaos-'));
    // Background escalation checks off: the server changes only because a client asked.
    const start = () => startServerProcess({ dataDir, args: ['--escalation-interval', '0'] });
    server = await start();
    proxy = (await FaultProxy.start(server.port)).useRandom(random);
    const tokens = new Map(await Promise.all(AGENTS.map(async (name) => [name, await loginAs(server!.url, `${name}@demo.switchboard`)] as const)));

    // Every mutation each client made, and what it heard back.
    const made = new Map<string, Array<{ id: number; kind: 'create' | 'comment' | 'update'; entityId: string }>>();
    const heard = new Map<string, Map<number, MutationOutcome['status']>>();
    const stations: Workstation[] = [];
    for (let i = 0; i < tier.clients; i++) {
      const name = AGENTS[i % AGENTS.length]!;
      const user = (await (await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${tokens.get(name)}` } })).json()) as { user: { id: string } };
      stations.push(new Workstation(user.user.id, tokens.get(name)!, { name: `chaos-${i}` }));
    }
    const clientIds = await Promise.all(stations.map(async (s) => (await s.engine.meta()).clientId));
    clientIds.forEach((id) => (made.set(id, []), heard.set(id, new Map())));

    /** A sync that records every acknowledgement and shrugs off what a bad network does. */
    const syncQuietly = async (station: Workstation, clientId: string): Promise<boolean> => {
      if (!station.socket?.connected) {
        try {
          await station.goOnline(proxy!.url);
        } catch {
          return false;
        }
      }
      const base: SyncTransport = socketTransport(station.socket!, { baseUrl: proxy!.url, token: station.token }, 3_000);
      const transport: SyncTransport = {
        ...base,
        push: async (request) => {
          const response = await base.push(request);
          if (response.ok) for (const outcome of response.outcomes) heard.get(clientId)!.set(outcome.id, outcome.status);
          return response;
        },
      };
      try {
        await station.engine.sync(transport);
        return true;
      } catch (error) {
        // As the workstation's connection does: no answer on an open socket means a dead route; reconnect next time.
        if (error instanceof OfflineError && error.unanswered) station.goOffline();
        if (error instanceof OfflineError || error instanceof SyncError) return false;
        throw error;
      }
    };

    // Bootstrap every mirror once, through the proxy.
    for (const [i, station] of stations.entries()) expect(await syncQuietly(station, clientIds[i]!)).toBe(true);

    const work = stations.map(async (station, i) => {
      const clientId = clientIds[i]!;
      const clock = new HybridLogicalClock(clientId);
      const teamOf = async () => (await station.db.tickets.orderBy('id').first())?.teamId ?? null;
      for (let n = 0; n < tier.mutations; n++) {
        const tickets = await station.db.tickets.orderBy('id').primaryKeys();
        const target = tickets[Math.floor(random() * tickets.length)];
        const roll = random();
        if (roll < 0.3 || !target) {
          const id = newId();
          const teamId = await teamOf();
          const created = await station.engine.mutate('ticket.create', {
            id, number: null, subject: `Chaos ${i}-${n}`, description: '', channel: 'phone', categoryId: teamId === 'team-billing' ? 'billing' : teamId === 'team-care' ? 'general-inquiry' : 'technical',
            impact: 'low', urgency: 'low', customerId: null, teamId, assigneeId: station.userId, tags: [], resolutionSummary: null, createdAt: new Date().toISOString(),
          });
          if (created.ok) made.get(clientId)!.push({ id: created.value.mutationId, kind: 'create', entityId: id });
        } else if (roll < 0.75) {
          const id = newId();
          const added = await station.engine.mutate('comment.add', { id, ticketId: target, visibility: 'internal', body: `Chaos note ${i}-${n}`, createdAt: new Date().toISOString() });
          if (added.ok) made.get(clientId)!.push({ id: added.value.mutationId, kind: 'comment', entityId: id });
        } else {
          const updated = await station.engine.mutate('ticket.update', { id: target, fields: { urgency: URGENCIES[Math.floor(random() * 3)]! }, hlc: clock.now() });
          if (updated.ok) made.get(clientId)!.push({ id: updated.value.mutationId, kind: 'update', entityId: target });
        }
        const chance = random();
        if (chance < tier.disconnectChance) station.goOffline();
        else if (chance < tier.disconnectChance + 0.35) await syncQuietly(station, clientId);
      }
    });

    // Meanwhile the network fails in every way the proxy knows, a few times a second…
    let working = true;
    const network = (async () => {
      // Each kind of fault in turn, at random moments, with a clean spell after each.
      for (let round = 0; working; round++) {
        await new Promise((resolve) => setTimeout(resolve, tier.networkFaultSpacingMs * (0.5 + random())));
        const fault = round % 5;
        if (fault === 0) proxy!.resetAll();
        else if (fault === 1) proxy!.latency(10 + random() * 40, random() * 80);
        else if (fault === 2) {
          proxy!.blackhole(true);
          await new Promise((resolve) => setTimeout(resolve, 100 + random() * 400));
          proxy!.blackhole(false);
        } else if (fault === 3) {
          proxy!.cutNextAfter(20 + Math.floor(random() * 600));
          // The next connection to open is the one cut: make one open.
          stations[Math.floor(random() * stations.length)]!.goOffline();
        } else proxy!.heal();
      }
    })();
    // …and the server is killed and restarted on the same database.
    const kills = (async () => {
      for (let kill = 0; kill < tier.kills; kill++) {
        await new Promise((resolve) => setTimeout(resolve, 200 + random() * tier.killSpacingMs));
        server!.child.kill('SIGKILL');
        const killed = server!.child;
        if (killed.exitCode === null && killed.signalCode === null) await new Promise((resolve) => killed.once('exit', resolve));
        expect(serverState().integrity).toBe('ok');
        server = await start();
        proxy!.setUpstream(server.port);
      }
    })();
    await Promise.all([...work, kills]);
    working = false;
    await network;
    const sendingEnded = Date.now();

    // Healed: every workstation syncs until its outbox is empty and it has pulled everything.
    proxy.heal();
    let converged = false;
    for (let round = 0; round < 60 && !converged; round++) {
      const synced = await Promise.all(stations.map((station, i) => syncQuietly(station, clientIds[i]!)));
      const pending = await Promise.all(stations.map((s) => s.engine.pendingCount()));
      converged = synced.every(Boolean) && pending.every((n) => n === 0);
      if (!converged) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // One more pass so every mirror has pulled the others' last changes.
    await Promise.all(stations.map((station, i) => syncQuietly(station, clientIds[i]!)));
    const convergeMs = Date.now() - sendingEnded;

    const state = serverState();
    const sent = [...made.values()].reduce((sum, list) => sum + list.length, 0);
    const acknowledged = [...heard.values()].reduce((sum, outcomes) => sum + outcomes.size, 0);
    const appliedOutcomes = state.outcomes.filter((o) => clientIds.includes(o.client_id) && (JSON.parse(o.outcome) as MutationOutcome).status === 'applied').length;
    const created = new Map(state.creates.map((c) => [c.entity_id, c.n]));
    let lost = 0;
    for (const [clientId, list] of made) {
      const last = state.clients.get(clientId) ?? 0;
      for (const mutation of list) {
        if (mutation.id > last) lost++;
        else if (mutation.kind !== 'update' && !created.has(mutation.entityId)) lost++;
      }
    }
    const appliedTwice = state.creates.filter((c) => c.n > 1).length;
    const report = { seed, sent, acknowledged, applied: appliedOutcomes, rejected: state.outcomes.filter((o) => clientIds.includes(o.client_id)).length - appliedOutcomes, lost, appliedTwice, kills: tier.kills, resets: proxy.stats.resets, cuts: proxy.stats.cuts, convergeMs };
    console.log(`chaos report ${JSON.stringify(report)}`);

    expect(converged).toBe(true);
    expect(state.integrity).toBe('ok');
    expect(lost).toBe(0);
    expect(appliedTwice).toBe(0);
    // Every mutation was answered exactly once.
    for (const [clientId, list] of made) expect(state.outcomes.filter((o) => o.client_id === clientId).length).toBe(list.length);

    // Every mirror equals what the server lets its user see.
    const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
    try {
      const tickets = db.prepare('SELECT * FROM tickets ORDER BY id').all() as Array<Parameters<typeof toSyncedTicket>[0]>;
      const members = db.prepare('SELECT user_id, team_id FROM team_members').all() as Array<{ user_id: string; team_id: string }>;
      for (const station of stations) {
        const viewer = { id: station.userId, role: 'agent' as const, teamIds: members.filter((m) => m.user_id === station.userId).map((m) => m.team_id) };
        const visible = tickets.filter((t) => canSeeTicket(viewer, { teamId: t.team_id, assigneeId: t.assignee_id, escalationLevel: t.escalation_level }));
        expect((await station.db.tickets.orderBy('id').toArray()).map(withoutQueueFields)).toEqual(visible.map(toSyncedTicket));
        const ids = visible.map((t) => t.id);
        const comments = (db.prepare(`SELECT * FROM comments WHERE ticket_id IN (${ids.map(() => '?').join(',')}) ORDER BY id`).all(...ids) as Array<Parameters<typeof toComment>[0]>).map(toComment);
        expect(await station.db.comments.orderBy('id').toArray()).toEqual(comments);
      }
    } finally {
      db.close();
      for (const station of stations) station.close();
    }
  }, tier.timeoutMs);
});
