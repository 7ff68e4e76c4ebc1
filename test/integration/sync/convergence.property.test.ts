import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../core/ids';
import { canSeeTicket } from '../../../core/people/visibility';
import { HybridLogicalClock } from '../../../core/sync/hlc';
import { IMPACTS, URGENCIES } from '../../../core/ticket/priority';
import { TICKET_STATUSES } from '../../../core/ticket/status';
import { hashPassword } from '../../../server/auth/password';
import { createLogger } from '../../../server/logger';
import { UsersRepository } from '../../../server/repositories/users-repository';
import { toComment, toSyncedTicket, toTicketEvent } from '../../../server/sync/row-mappers';
import { testServerConfig } from '../../support/test-server-config';
import { startServer, type RunningServer } from '../../../server/server';
import { OfflineError, SyncError } from '../../../renderer/sync/sync-transport';
import { withoutQueueFields } from '../../../renderer/queues/queue-fields';
import { queueEntry } from '../../../renderer/queues/queue-entry';
import { allHistory } from '../../../renderer/tickets/ticket-history';
import { readyQueueIndex } from '../../../renderer/queues/queue-index';
import { socketTransport } from '../../../renderer/sync/socket-transport';
import { loginAs } from '../../support/api-client';
import { Workstation } from '../../support/workstation-harness';

const seed = Number(process.env.CONVERGENCE_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.CONVERGENCE_RUNS ?? 15);
const PASSWORD = 'convergence-test-password';

let dir: string;
let server: RunningServer;
const config = () => testServerConfig(dir);

const PEOPLE = [
  { email: 'a@test', role: 'agent' as const, teamIds: ['tech'] },
  { email: 'b@test', role: 'agent' as const, teamIds: ['tech'] },
  { email: 'c@test', role: 'agent' as const, teamIds: ['billing'] },
  { email: 's@test', role: 'supervisor' as const, teamIds: ['tech', 'billing'] },
];
const CATEGORY = { tech: 'technical', billing: 'billing' } as const;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-convergence-'));
  server = await startServer(config(), createLogger('silent'), 'test');
  await server.db.insertInto('calendars').values({ id: 'cal', name: 'Cal', time_zone: 'UTC', weekly_hours: '{}', holidays: '[]' }).execute();
  await server.db.insertInto('teams').values([
    { id: 'tech', name: 'Tech', calendar_id: 'cal', category_ids: '["technical"]' },
    { id: 'billing', name: 'Billing', calendar_id: 'cal', category_ids: '["billing"]' },
  ]).execute();
  const users = new UsersRepository(server.db);
  const hash = await hashPassword(PASSWORD);
  for (const person of PEOPLE) await users.create({ id: newId(), ...person, name: person.email, passwordHash: hash }, new Date());
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

type Op =
  | { kind: 'create'; client: number; pick: number; assignSelf: boolean }
  | { kind: 'update'; client: number; pick: number; field: number; value: number }
  | { kind: 'status'; client: number; pick: number; to: number; summary: boolean }
  | { kind: 'comment'; client: number; pick: number; visibility: boolean }
  | { kind: 'tags'; client: number; pick: number; tag: number; add: boolean }
  | { kind: 'toggle'; client: number }
  | { kind: 'sync'; client: number; loseAck: boolean }
  | { kind: 'restart' };

const client = fc.integer({ min: 0, max: PEOPLE.length - 1 });
const pick = fc.nat(1000);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), client, pick, assignSelf: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('update' as const), client, pick, field: fc.nat(4), value: fc.nat(1000) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('status' as const), client, pick, to: fc.nat(TICKET_STATUSES.length - 1), summary: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('comment' as const), client, pick, visibility: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tags' as const), client, pick, tag: fc.nat(3), add: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('toggle' as const), client }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('sync' as const), client, loseAck: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
);

async function runScenario(ops: readonly Op[]): Promise<void> {
  const stations: Workstation[] = [];
  const clocks: HybridLogicalClock[] = [];
  try {
    for (const person of PEOPLE) {
      const user = await server.db.selectFrom('users').select('id').where('email', '=', person.email).executeTakeFirstOrThrow();
      const station = new Workstation(user.id, await loginAs(server.url, person.email, PASSWORD));
      stations.push(station);
      clocks.push(new HybridLogicalClock((await station.engine.meta()).clientId));
    }
    const syncQuietly = async (station: Workstation, loseAck = false) => {
      if (!station.socket) return;
      const transport = socketTransport(station.socket, { baseUrl: server.url, token: station.token });
      // A lost acknowledgement: the server applied the batch, the client never heard; it must resend and be answered, not applied twice.
      const wrapped = loseAck ? { ...transport, push: async (r: Parameters<typeof transport.push>[0]) => { await transport.push(r); throw new OfflineError('ack lost'); } } : transport;
      try {
        await station.engine.sync(wrapped);
      } catch (error) {
        if (!(error instanceof OfflineError) && !(error instanceof SyncError && error.code === 'rate_limited')) throw error;
      }
    };

    // Start from a bootstrapped mirror, as an agent does after signing in; the ops then take them offline and back.
    for (const station of stations) {
      await station.goOnline(server.url);
      await syncQuietly(station);
    }

    for (const step of ops) {
      if (step.kind === 'restart') {
        for (const s of stations) s.goOffline();
        await server.close();
        server = await startServer(config(), createLogger('silent'), 'test');
        continue;
      }
      const station = stations[step.client]!;
      const person = PEOPLE[step.client]!;
      const tickets = await station.db.tickets.orderBy('id').toArray();
      const target = 'pick' in step && tickets.length ? tickets[step.pick % tickets.length]! : null;
      switch (step.kind) {
        case 'create': {
          const team = person.teamIds[step.pick % person.teamIds.length]! as 'tech' | 'billing';
          await station.engine.mutate('ticket.create', {
            id: newId(), number: null, subject: `Call ${step.pick}`, description: '', channel: 'phone', categoryId: CATEGORY[team],
            impact: IMPACTS[step.pick % 3]!, urgency: URGENCIES[(step.pick >> 2) % 3]!, customerId: null, teamId: team,
            assigneeId: step.assignSelf ? station.userId : null, tags: [], resolutionSummary: null, createdAt: new Date().toISOString(),
          });
          break;
        }
        case 'update': {
          if (!target) break;
          const fields = [
            { urgency: URGENCIES[step.value % 3]! },
            { impact: IMPACTS[step.value % 3]! },
            { subject: `Subject ${step.value}` },
            { teamId: step.value % 2 ? 'tech' : 'billing', categoryId: step.value % 2 ? 'technical' : 'billing' },
            { assigneeId: step.value % 2 ? station.userId : null },
          ][step.field]!;
          await station.engine.mutate('ticket.update', { id: target.id, fields, hlc: clocks[step.client]!.now() });
          break;
        }
        case 'status':
          if (target) await station.engine.mutate('ticket.setStatus', { id: target.id, to: TICKET_STATUSES[step.to]!, ...(step.summary ? { resolutionSummary: 'Fixed it' } : {}) });
          break;
        case 'comment':
          if (target) await station.engine.mutate('comment.add', { id: newId(), ticketId: target.id, visibility: step.visibility ? 'public' : 'internal', body: `Note ${step.pick}`, createdAt: new Date().toISOString() });
          break;
        case 'tags':
          if (target) await station.engine.mutate('ticket.tags', { id: target.id, add: step.add ? [`t${step.tag}`] : [], remove: step.add ? [] : [`t${step.tag}`] });
          break;
        case 'toggle':
          if (station.socket) station.goOffline();
          else await station.goOnline(server.url);
          break;
        case 'sync':
          await syncQuietly(station, step.loseAck);
          break;
      }
    }

    // Quiescence: everyone online, syncing until no outbox holds anything.
    for (const station of stations) await station.goOnline(server.url);
    for (let round = 0; round < 5; round++) {
      for (const station of stations) await syncQuietly(station);
      const pending = await Promise.all(stations.map((s) => s.engine.pendingCount()));
      if (pending.every((n) => n === 0) && round >= 1) break;
    }

    const allTickets = await server.db.selectFrom('tickets').selectAll().execute();
    if (process.env.CONVERGENCE_VERBOSE) {
      const made = await Promise.all(stations.map(async (s) => (await s.engine.meta()).nextMutationId - 1));
      console.log(`ops ${ops.length}, mutations per client ${made.join('/')}, tickets ${allTickets.length}, conflicts ${(await Promise.all(stations.map((s) => s.db.conflicts.count()))).join('/')}`);
    }
    for (const [i, station] of stations.entries()) {
      const meta = await station.engine.meta();
      // Nothing committed locally is lost: the server has answered every mutation this client made.
      expect(await station.engine.pendingCount()).toBe(0);
      const clientRow = await server.db.selectFrom('sync_clients').select('last_mutation_id').where('client_id', '=', meta.clientId).executeTakeFirst();
      expect(clientRow?.last_mutation_id ?? 0).toBe(meta.nextMutationId - 1);
      const outcomes = await server.db.selectFrom('mutation_outcomes').select('mutation_id').where('client_id', '=', meta.clientId).execute();
      expect(outcomes.length).toBe(meta.nextMutationId - 1);
      // Applied at most once: one audit row per entity for every create this client made.
      const creates = await server.db.selectFrom('audit_log').select(['entity_id']).where('client_id', '=', meta.clientId).where('action', 'in', ['ticket.create', 'comment.add']).execute();
      expect(new Set(creates.map((c) => c.entity_id)).size).toBe(creates.length);
      // The mirror equals the server's view for this user.
      const user = { id: station.userId, role: PEOPLE[i]!.role, teamIds: PEOPLE[i]!.teamIds };
      const visible = allTickets.filter((t) => canSeeTicket(user, { teamId: t.team_id, assigneeId: t.assignee_id, escalationLevel: t.escalation_level }));
      const mirror = await station.db.tickets.orderBy('id').toArray();
      expect(mirror.map(withoutQueueFields)).toEqual(visible.map(toSyncedTicket).sort((a, b) => a.id.localeCompare(b.id)));
      // The in-memory queues hold every stored ticket, each as its row says, and nothing else.
      const queues = await readyQueueIndex(station.db);
      expect(queues.idsWhere('due', () => true).sort()).toEqual(mirror.map((t) => t.id));
      for (const row of mirror) expect(queues.get(row.id)).toEqual(queueEntry(row));
      const visibleIds = visible.map((t) => t.id);
      const serverComments = visibleIds.length ? await server.db.selectFrom('comments').selectAll().where('ticket_id', 'in', visibleIds).orderBy('id').execute() : [];
      expect(await station.db.comments.orderBy('id').toArray()).toEqual(serverComments.map(toComment));
      const serverEvents = visibleIds.length ? await server.db.selectFrom('ticket_events').selectAll().where('ticket_id', 'in', visibleIds).orderBy('id').execute() : [];
      expect(await allHistory(station.db)).toEqual(serverEvents.map(toTicketEvent));
    }
  } finally {
    for (const station of stations) station.close();
  }
}

describe('sync convergence (property-based, real server, real sockets)', () => {
  it(`every mirror equals the server, nothing lost, nothing applied twice (seed ${seed})`, async () => {
    console.log(`convergence seed ${seed}, ${RUNS} runs (replay with CONVERGENCE_SEED=${seed})`);
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 20, maxLength: 60 }), runScenario), { seed, numRuns: RUNS, endOnFailure: true });
  }, 240_000);
});
