import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BoardRequest, PresenceSetRequest } from '../../../core/protocol/presence';
import { LeaseRequest, MUTATION_ARGS, MUTATION_NAMES, PullRequest, PushRequest } from '../../../core/protocol/sync-schemas';
import { DATABASE_FILE } from '../../../server/storage/database';
import { loginAs } from '../../support/api-client';
import { startServerProcess, type ServerProcess } from '../../support/server-process';
import { SyncTestClient, ticketArgs } from '../../support/sync-test-client';
import { chaosTier, seededRandom } from './chaos-tier';

/**
 * Every socket event and HTTP route fed malformed, oversized, wrongly typed, deeply nested and
 * prototype-polluting payloads, and unknown event names. Nothing may crash the server, every refusal
 * must be a typed answer, and no refused input may change the support desk's data. Prints a report of
 * payloads tried and refusals by reason; replay with CHAOS_SEED.
 */
const tier = chaosTier();
const PER_EVENT = tier.name === 'long' ? 2_000 : 150;
const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 2 ** 31);
/** Under the server's 60 events a second per socket, so refusals are about the payload, not the pace. */
const PACE_MS = 18;

let server: ServerProcess;
let agentToken: string;
let supervisorToken: string;

beforeAll(async () => {
  server = await startServerProcess({ args: ['--escalation-interval', '0'] });
  agentToken = await loginAs(server.url, 'ada@demo.switchboard');
  supervisorToken = await loginAs(server.url, 'sam.supervisor@demo.switchboard');
});
afterAll(async () => {
  await server?.stop();
});

/** The support desk's data, and the sync bookkeeping a refused mutation is allowed to move (its client's counter). */
function rowCounts(): { domain: Record<string, number>; bookkeeping: number } {
  const db = new Database(path.join(server.dataDir, DATABASE_FILE), { readonly: true });
  try {
    const count = (table: string) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
    const domain = Object.fromEntries(
      ['tickets', 'comments', 'calls', 'customers', 'customer_phones', 'ticket_events', 'changes', 'audit_log', 'escalation_steps', 'users', 'team_members', 'number_leases'].map((t) => [t, count(t)]),
    );
    const versions = db.prepare('SELECT COALESCE(SUM(version), 0) FROM tickets').pluck().get() as number;
    return { domain: { ...domain, ticketVersions: versions }, bookkeeping: count('mutation_outcomes') };
  } finally {
    db.close();
  }
}

/** Values an attacker or a broken client sends: anything, deep nesting, huge strings, keys aimed at prototypes. */
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.anything({ maxDepth: 4, withNullPrototype: true, withBigInt: false }) },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 5 }) },
  { weight: 1, arbitrary: fc.integer({ min: 50, max: 1_000 }).map((depth) => Array.from({ length: depth }).reduce<unknown>((inner) => ({ a: inner }), 1)) },
  { weight: 1, arbitrary: fc.integer({ min: 20_000, max: 200_000 }).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(JSON.parse('{"__proto__":{"role":"admin","isAdmin":true}}'), { constructor: { prototype: { role: 'admin' } } }, JSON.parse('{"__proto__":[]}')) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, undefined, 0, -1, Number.MAX_SAFE_INTEGER, '', [], {}, true) },
);

/** A valid object with one field replaced by a hostile value, or one key added: what near-miss bugs look like. */
function nearMiss(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  return fc.oneof(
    fc.record({ key: fc.constantFrom(...keys), value: hostile }).map(({ key, value }) => ({ ...valid, [key]: value })),
    fc.record({ key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'role', 'userId'), fc.string({ maxLength: 12 })), value: hostile }).map(({ key, value }) => {
      const copy: Record<string, unknown> = { ...valid };
      Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
      return copy;
    }),
  );
}

/** What the server receives: Socket.IO sends JSON, which drops undefined values and turns dates into strings. */
const onTheWire = (value: unknown): unknown => {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.parse(text);
};

/** Only inputs the schema refuses as they arrive: a valid one would rightly be applied and write. */
const refusedBy = (schema: { safeParse(value: unknown): { success: boolean } }, arbitrary: fc.Arbitrary<unknown>) => arbitrary.filter((value) => !schema.safeParse(onTheWire(value)).success);

describe(`bad input (${tier.name} tier: ${PER_EVENT} payloads per event)`, () => {
  it(`every event and route refuses hostile payloads with a typed answer, nothing crashes and nothing is written (seed ${seed})`, async () => {
    console.log(`fuzz seed ${seed} (replay with CHAOS_SEED=${seed}${tier.name === 'long' ? ' CHAOS_TIER=long' : ''})`);
    const before = rowCounts();
    const reasons = new Map<string, number>();
    const note = (reason: string) => reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    let tried = 0;
    let accepted = 0;
    const sample = <T>(arbitrary: fc.Arbitrary<T>, offset: number) => fc.sample(arbitrary, { seed: seed + offset, numRuns: PER_EVENT });

    // One socket per event, so each stays under its own rate limit while they run side by side.
    const agent = async () => SyncTestClient.connect(server.url, agentToken);
    const send = async (client: SyncTestClient, event: string, payloads: readonly unknown[], classify: (answer: unknown) => string) => {
      for (const payload of payloads) {
        tried++;
        let answer: unknown;
        try {
          answer = await client.raw(event, payload);
        } catch {
          // Socket.IO closes a connection whose message exceeds the 1 MB limit: refused before any handler.
          note(`${event}: connection closed`);
          if (!client.socket.connected) client.socket.connect();
          await new Promise((resolve) => setTimeout(resolve, 200));
          continue;
        }
        const reason = classify(answer);
        if (reason === 'accepted') accepted++;
        note(`${event}: ${reason}`);
        await new Promise((resolve) => setTimeout(resolve, PACE_MS));
      }
    };
    const errorCode = (answer: unknown) => {
      const a = answer as { ok?: boolean; error?: { code?: unknown; message?: unknown } };
      if (a?.ok === false && typeof a.error?.code === 'string' && typeof a.error.message === 'string') return a.error.code;
      return a?.ok === true ? 'accepted' : 'untyped answer';
    };

    const pushClient = await agent();
    const pushes = sample(
      refusedBy(PushRequest, fc.oneof(hostile, nearMiss({ clientId: pushClient.clientId, mutations: [{ id: 1, name: 'ticket.create', args: ticketArgs() }] }))),
      1,
    );
    // Well-formed envelopes carrying hostile arguments, for every mutation: each is answered as refused.
    const argsClient = await agent();
    const argPayloads = MUTATION_NAMES.flatMap((name, i) =>
      fc.sample(refusedBy(MUTATION_ARGS[name], fc.oneof(hostile, nearMiss(ticketArgs()))), { seed: seed + 10 + i, numRuns: Math.ceil(PER_EVENT / 4) }).map((args) => ({ name, args })),
    );
    let nextId = 1;
    let refusedMutations = 0;
    const classifyPush = (answer: unknown) => {
      const a = answer as { ok?: boolean; outcomes?: Array<{ status: string; error?: { code: string } }> };
      if (a?.ok === true && a.outcomes?.length === 1) return a.outcomes[0]!.status === 'rejected' ? `outcome ${a.outcomes[0]!.error?.code}` : 'accepted';
      return errorCode(answer);
    };
    const pullClient = await agent();
    const leaseClient = await agent();
    const presenceClient = await agent();
    const boardClient = await SyncTestClient.connect(server.url, supervisorToken);
    const strangerClient = await agent();
    const eventNames = fc.sample(fc.string({ minLength: 1, maxLength: 60 }).filter((name) => !['sync:push', 'sync:pull', 'numbers:lease', 'presence:set', 'board:get'].includes(name)), { seed: seed + 7, numRuns: PER_EVENT });

    await Promise.all([
      send(pushClient, 'sync:push', pushes, errorCode),
      (async () => {
        for (const { name, args } of argPayloads) {
          tried++;
          const answer = await argsClient.raw('sync:push', { clientId: argsClient.clientId, mutations: [{ id: nextId, name, args }] }).catch(() => null);
          const reason = answer === null ? 'connection closed' : classifyPush(answer);
          // The counter moves only when the server answered the mutation; an envelope refused whole leaves it.
          if (reason.startsWith('outcome ')) nextId++;
          if (reason === 'accepted') accepted++;
          if (reason.startsWith('outcome ')) refusedMutations++;
          note(`sync:push ${name}: ${reason}`);
          if (answer === null && !argsClient.socket.connected) argsClient.socket.connect();
          await new Promise((resolve) => setTimeout(resolve, PACE_MS));
        }
      })(),
      send(pullClient, 'sync:pull', sample(refusedBy(PullRequest, fc.oneof(hostile, nearMiss({ clientId: pullClient.clientId, cursor: 0, limit: 10 }))), 2), errorCode),
      send(leaseClient, 'numbers:lease', sample(refusedBy(LeaseRequest, fc.oneof(hostile, nearMiss({ clientId: leaseClient.clientId }))), 3), errorCode),
      send(presenceClient, 'presence:set', sample(refusedBy(PresenceSetRequest, fc.oneof(hostile, nearMiss({ availability: 'away' }))), 4), errorCode),
      // No arguments (absent, or null on the wire, as NaN becomes) is the valid request.
      send(boardClient, 'board:get', sample(refusedBy(BoardRequest, hostile).filter((p) => onTheWire(p) !== undefined && onTheWire(p) !== null), 5), errorCode),
      (async () => {
        for (const name of eventNames) {
          tried++;
          const answer = await strangerClient.raw(name, { any: 'thing' }).catch(() => null);
          const reason = answer === null ? 'no answer' : errorCode(answer);
          if (reason === 'accepted') accepted++;
          note(`unknown event: ${reason}`);
          await new Promise((resolve) => setTimeout(resolve, PACE_MS));
        }
      })(),
    ]);
    for (const client of [pushClient, argsClient, pullClient, leaseClient, presenceClient, boardClient, strangerClient]) client.close();

    // HTTP: every route, with hostile queries, paths, bodies, content types and sizes.
    const random = seededRandom(seed);
    const strings = fc.sample(fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 }), fc.constantFrom('%00', '..%2F..%2Fetc%2Fpasswd', '%E0%A4%A', "' OR 1=1 --", '<script>', 'x'.repeat(5_000))), { seed: seed + 20, numRuns: PER_EVENT });
    const bodies = fc.sample(fc.oneof(hostile.map((v) => JSON.stringify(v) ?? 'undefined'), fc.string({ maxLength: 200 }), fc.constant('{"email":'), fc.constant('x'.repeat(40_000))), { seed: seed + 21, numRuns: PER_EVENT });
    const routes = ['/api/health', '/api/auth/login', '/api/auth/logout', '/api/auth/me', '/api/workspace', '/api/sync/bootstrap', '/api/tickets', '/api/tickets/SB-1001', '/api/nope'];
    let serverErrors = 0;
    const serverErrorCases: string[] = [];
    for (let i = 0; i < PER_EVENT; i++) {
      const route = routes[i % routes.length]!;
      // Lone surrogates cannot be percent-encoded: replaced, as String.prototype.toWellFormed would (ES2024).
      const text = strings[i]!.replace(/[\uD800-\uDFFF]/g, '\uFFFD');
      // Half percent-encoded, half as typed (printable ASCII only, so fetch sends it): "%E0%A4%A" then reaches the server raw.
      const part = (value: string) => (random() < 0.5 ? encodeURIComponent(value) : value.replace(/[^\x21-\x7e]/g, '').replace(/[#?&=]/g, ''));
      const query = `?${part(text.slice(0, 20))}=${part(text)}&limit=${part(text.slice(0, 8))}&after=${part(text)}`;
      const target = random() < 0.3 ? `/api/tickets/${part(text).slice(0, 300)}` : `${route}${query}`;
      const method = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'][Math.floor(random() * 5)]!;
      const token = random() < 0.5 ? agentToken : random() < 0.5 ? 'not-a-token' : text.replace(/[^\x20-\x7e]/g, '').slice(0, 200);
      const withBody = method !== 'GET' && method !== 'HEAD';
      tried++;
      try {
        const response = await fetch(`${server.url}${target}`, {
          method,
          headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(withBody ? { 'content-type': random() < 0.8 ? 'application/json' : 'text/plain' } : {}) },
          ...(withBody ? { body: bodies[i] } : {}),
        });
        const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
        if (response.status >= 500) {
          serverErrors++;
          serverErrorCases.push(`${method} ${target.slice(0, 160)} → ${response.status} ${body?.error?.code ?? ''}`);
        }
        note(`http ${response.status} ${body?.error?.code ?? (response.ok ? 'ok' : 'untyped')}`);
      } catch {
        note('http: connection failed');
      }
    }

    // Raw garbage on the TCP port, where the HTTP parser and the WebSocket upgrade live.
    for (let i = 0; i < Math.ceil(PER_EVENT / 10); i++) {
      tried++;
      await new Promise<void>((resolve) => {
        const socket = net.connect(server.port, '127.0.0.1', () => {
          socket.write(Buffer.from(Array.from({ length: 64 + Math.floor(random() * 4_000) }, () => Math.floor(random() * 256))));
          setTimeout(() => socket.destroy(), 50);
        });
        socket.on('error', () => undefined).on('close', () => resolve());
      });
      note('tcp garbage: survived');
    }

    const after = rowCounts();
    const health = await fetch(`${server.url}/api/health`);
    const report = {
      seed,
      tried,
      accepted,
      crashes: server.child.exitCode === null && health.status === 200 ? 0 : 1,
      serverErrors,
      serverErrorCases,
      domainWrites: Object.keys(before.domain).filter((t) => before.domain[t] !== after.domain[t]),
      bookkeepingRows: after.bookkeeping - before.bookkeeping,
      refusals: Object.fromEntries([...reasons].sort((a, b) => b[1] - a[1])),
    };
    console.log(`fuzz report ${JSON.stringify(report, null, 1)}`);

    expect(report.crashes).toBe(0);
    expect(serverErrors).toBe(0);
    expect(accepted).toBe(0);
    expect([...reasons.keys()].filter((r) => r.includes('untyped answer'))).toEqual([]);
    expect(after.domain).toEqual(before.domain);
    // A refused mutation advances its client's counter (so it never blocks the ones behind it) and stores its answer: one row each.
    expect(report.bookkeepingRows).toBe(refusedMutations);

    // Authorization still holds after the barrage (the HTTP part may have signed the agent out): an agent still may not read the board.
    const check = await SyncTestClient.connect(server.url, await loginAs(server.url, 'ada@demo.switchboard'));
    expect(await check.raw('board:get', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    check.close();
  }, tier.name === 'long' ? 900_000 : 120_000);
});

