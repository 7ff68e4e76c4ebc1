import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../core/ids';
import { fromColumnsPage } from '../../../core/protocol/bootstrap-columns';
import type { BootstrapPage, Change, SyncPoke } from '../../../core/protocol/sync-messages';
import { MAX_PUSH_BATCH, type MutationName } from '../../../core/protocol/sync-schemas';
import { tokenHash } from '../../../server/auth/session-store';
import { HybridLogicalClock } from '../../../core/sync/hlc';
import { createLogger } from '../../../server/logger';
import { recordChange } from '../../../server/sync/mutators/change-writer';
import { testServerConfig } from '../../support/test-server-config';
import { startServer, type RunningServer } from '../../../server/server';
import { api, loginAs } from '../../support/api-client';
import { SyncTestClient, ticketArgs } from '../../support/sync-test-client';

let dir: string;
let server: RunningServer;
const open: SyncTestClient[] = [];
const ADA = 'ada@demo.switchboard'; // agent, Technical Support
const BEN = 'ben@demo.switchboard'; // agent, Technical Support
const BEA = 'bea@demo.switchboard'; // agent, Billing
const SAM = 'sam.supervisor@demo.switchboard';

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-sync-'));
  server = await startServer(
    testServerConfig(dir, { demo: true }),
    createLogger('silent'),
    'test',
  );
});
afterEach(() => {
  while (open.length) open.pop()!.close();
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function client(email: string, options: { clientId?: string; origin?: string } = {}) {
  const token = await loginAs(server.url, email);
  const c = await SyncTestClient.connect(server.url, token, options);
  open.push(c);
  return Object.assign(c, { token });
}

async function userId(email: string): Promise<string> {
  return (await server.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
}

const ticketCount = async (id: string) =>
  Number((await server.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).where('id', '=', id).executeTakeFirstOrThrow()).n);

function puts<E extends Change['entity']>(changes: readonly Change[], entity: E): Array<Extract<Change, { op: 'put'; entity: E }>> {
  return changes.filter((c): c is Extract<Change, { op: 'put'; entity: E }> => c.entity === entity && c.op === 'put');
}

describe('push: exactly once', () => {
  it('applies a mutation, answers with its change sequence, and the pull brings the ticket back with its version', async () => {
    const ada = await client(ADA);
    ada.cursor = (await server.db.selectFrom('changes').select((eb) => eb.fn.max('seq').as('s')).executeTakeFirst())?.s ?? 0;
    const args = ticketArgs();
    const response = await ada.push([{ name: 'ticket.create', args }]);
    expect(response).toMatchObject({ ok: true, lastMutationId: 1, outcomes: [{ id: 1, status: 'applied' }] });
    const outcome = response.ok ? response.outcomes[0]! : null;
    const changes = await ada.pullAll();
    const ticket = puts(changes, 'ticket').find((c) => c.row.id === args.id);
    expect(ticket?.row).toMatchObject({ subject: args.subject, priority: 'high', status: 'new', teamId: 'team-technical' });
    expect(ticket?.row.number).toBeGreaterThan(1000);
    // Its version is its own change-log entry's sequence; the answer's is the mutation's last entry (its history's).
    const entry = await server.db.selectFrom('changes').select((eb) => eb.fn.max('seq').as('s')).where('entity', '=', 'ticket').where('entity_id', '=', args.id).executeTakeFirst();
    expect(ticket?.row.version).toBe(entry?.s);
    expect(ticket!.row.version).toBeLessThanOrEqual(outcome!.changeSeq);
    expect(ada.cursor).toBeGreaterThanOrEqual(outcome!.changeSeq);
  });

  it("each answer's change sequence closes its own mutation's entries: the next one's all lie after it", async () => {
    const ada = await client(ADA);
    const [first, second] = [ticketArgs(), ticketArgs()];
    const start = Number((await server.db.selectFrom('changes').select((eb) => eb.fn.max('seq').as('s')).executeTakeFirst())?.s ?? 0);
    const response = await ada.push([
      { name: 'ticket.create', args: first },
      { name: 'ticket.create', args: second },
      { name: 'ticket.setStatus', args: { id: first.id, to: 'resolved', resolutionSummary: 'Router replaced' } },
    ]);
    const ends = response.ok ? response.outcomes.map((o) => o.changeSeq) : [];
    expect(ends).toHaveLength(3);
    const ticketsBetween = async (after: number, upto: number) =>
      (await server.db.selectFrom('changes').select('ticket_id').where('seq', '>', after).where('seq', '<=', upto).execute()).map((c) => c.ticket_id);
    const [afterFirst, afterSecond, afterThird] = [await ticketsBetween(start, ends[0]!), await ticketsBetween(ends[0]!, ends[1]!), await ticketsBetween(ends[1]!, ends[2]!)];
    // Filed (its row and its history), then the other filed, then the first resolved: never one in another's range.
    expect(afterFirst.length).toBeGreaterThanOrEqual(2);
    expect(new Set(afterFirst)).toEqual(new Set([first.id]));
    expect(afterSecond.length).toBeGreaterThanOrEqual(2);
    expect(new Set(afterSecond)).toEqual(new Set([second.id]));
    expect(afterThird.length).toBeGreaterThanOrEqual(1);
    expect(new Set(afterThird)).toEqual(new Set([first.id]));
  });

  it('pushes arriving together (committed as one group) are each applied once and answered with their own outcomes', async () => {
    const clients = await Promise.all([ADA, BEN, ADA, BEN, ADA, BEN, ADA, BEN].map((email) => client(email)));
    const tickets = clients.map(() => ticketArgs());
    // The last client also resends its mutation in a second push at the same moment: same answer, one ticket.
    const last = clients.at(-1)!;
    const responses = await Promise.all([
      ...clients.map((c, i) => c.push([{ name: 'ticket.create', args: tickets[i], id: 1 }])),
      last.push([{ name: 'ticket.create', args: tickets.at(-1), id: 1 }]),
    ]);
    for (const response of responses) expect(response).toMatchObject({ ok: true, lastMutationId: 1, outcomes: [{ id: 1, status: 'applied' }] });
    expect(responses.at(-1)).toEqual(responses.at(-2));
    const seqs = responses.slice(0, -1).map((r) => (r.ok ? r.outcomes[0]!.changeSeq : 0));
    expect(new Set(seqs).size).toBe(clients.length);
    for (const ticket of tickets) expect(await ticketCount(ticket.id)).toBe(1);
  });

  it('answers a resent duplicate with the stored outcome and applies nothing twice', async () => {
    const ada = await client(ADA);
    const args = ticketArgs();
    const first = await ada.push([{ name: 'ticket.create', args, id: 1 }]);
    const again = await ada.push([{ name: 'ticket.create', args, id: 1 }]);
    expect(again).toEqual(first);
    expect(await ticketCount(args.id)).toBe(1);
    const audits = await server.db.selectFrom('audit_log').select('action').where('entity_id', '=', args.id).execute();
    // Filed once, and escalated once if its priority calls for it at once.
    expect(audits.filter((a) => a.action === 'ticket.create')).toHaveLength(1);
    expect(new Set(audits.map((a) => a.action)).size).toBe(audits.length);
  });

  it('refuses a gap and says where to resume', async () => {
    const ada = await client(ADA);
    const response = await ada.push([{ name: 'ticket.create', args: ticketArgs(), id: 3 }]);
    expect(response).toMatchObject({ ok: false, error: { code: 'mutation_gap', expectedMutationId: 1 } });
  });

  it('a rejected mutation advances the counter, keeps the agent\'s text in the history, and does not block the next one', async () => {
    const ada = await client(ADA);
    const args = ticketArgs();
    const response = await ada.push([
      { name: 'ticket.create', args },
      { name: 'ticket.setStatus', args: { id: args.id, to: 'closed' } },
      { name: 'ticket.setStatus', args: { id: args.id, to: 'resolved', resolutionSummary: 'Replaced the router' } },
    ]);
    expect(response.ok && response.outcomes.map((o) => o.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(response.ok && response.outcomes[1]).toMatchObject({ error: { code: 'rejected', message: expect.stringContaining('cannot become closed') } });
    const events = await server.db.selectFrom('ticket_events').select(['kind', 'data']).where('ticket_id', '=', args.id).execute();
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['created', 'change_rejected', 'status_changed']));
    const row = await server.db.selectFrom('tickets').select(['status', 'resolution_summary']).where('id', '=', args.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'resolved', resolution_summary: 'Replaced the router' });
  });

  it('a mutation that fails half-way inside a push leaves none of its rows, answers internal_error, and the push goes on', async () => {
    const ada = await client(ADA);
    const [before, failing, after] = [ticketArgs(), ticketArgs({ subject: 'Storage trouble on this one' }), ticketArgs()];
    // The ticket row is written before its audit row: a fault there must take the ticket with it.
    server.sqlite.exec(`CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log WHEN NEW.entity_id = '${failing.id}' BEGIN SELECT RAISE(ABORT, 'disk trouble'); END`);
    try {
      const response = await ada.push([
        { name: 'ticket.create', args: before },
        { name: 'ticket.create', args: failing },
        { name: 'ticket.create', args: after },
      ]);
      expect(response.ok && response.outcomes.map((o) => (o.status === 'rejected' ? o.error.code : o.status))).toEqual(['applied', 'internal_error', 'applied']);
      expect([await ticketCount(before.id), await ticketCount(failing.id), await ticketCount(after.id)]).toEqual([1, 0, 1]);
      const leftovers = await server.db.selectFrom('changes').select('seq').where('ticket_id', '=', failing.id).execute();
      expect(leftovers).toEqual([]);
      // The failed ticket's number went back with it: the next ticket takes it, and no number is skipped.
      const numbers = await server.db.selectFrom('tickets').select(['id', 'number']).where('id', 'in', [before.id, after.id]).execute();
      const numberOf = (id: string) => Number(numbers.find((n) => n.id === id)?.number);
      expect(numberOf(after.id)).toBe(numberOf(before.id) + 1);
      const again = await ada.push([{ name: 'ticket.create', args: failing, id: 2 }]);
      expect(again).toEqual({ ok: true, lastMutationId: 2, outcomes: [response.ok && response.outcomes[1]] });
    } finally {
      server.sqlite.exec('DROP TRIGGER fail_audit');
    }
  });

  it('refuses a ticket for a team that does not exist, and files the next one with the next number', async () => {
    const ada = await client(ADA);
    const [first, nowhere, next] = [ticketArgs(), ticketArgs({ teamId: 'team-that-never-was' }), ticketArgs()];
    const response = await ada.push([
      { name: 'ticket.create', args: first },
      { name: 'ticket.create', args: nowhere },
      { name: 'ticket.create', args: next },
    ]);
    expect(response.ok && response.outcomes.map((o) => (o.status === 'rejected' ? o.error.code : o.status))).toEqual(['applied', 'not_found', 'applied']);
    expect(await ticketCount(nowhere.id)).toBe(0);
    const numbers = await server.db.selectFrom('tickets').select(['id', 'number']).where('id', 'in', [first.id, next.id]).execute();
    const numberOf = (id: string) => Number(numbers.find((n) => n.id === id)?.number);
    expect(numberOf(next.id)).toBe(numberOf(first.id) + 1);
  });

  it('rejects arguments that fail the schema with a typed reason, changing no data', async () => {
    const ada = await client(ADA);
    const before = await server.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const response = await ada.push([
      { name: 'ticket.create', args: { ...ticketArgs(), subject: '', __proto__: { admin: true } } },
      { name: 'ticket.create', args: { ...ticketArgs(), extra: 'field' } },
      { name: 'ticket.create', args: 'not an object' },
    ]);
    expect(response.ok && response.outcomes.map((o) => o.status === 'rejected' && o.error.code)).toEqual(['invalid_request', 'invalid_request', 'invalid_request']);
    const after = await server.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('answers a malformed push, an unknown event and a missing acknowledgement without crashing', async () => {
    const ada = await client(ADA);
    expect(await ada.raw('sync:push', { clientId: ada.clientId, mutations: [] })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await ada.raw('sync:push', { clientId: ada.clientId, mutations: Array.from({ length: 101 }, (_, i) => ({ id: i + 1, name: 'ticket.create', args: {} })) })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(await ada.raw('sync:push', null)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await ada.raw('tickets:delete-all', {})).toMatchObject({ ok: false, error: { code: 'invalid_request', message: 'Unknown event "tickets:delete-all".' } });
    (ada.socket as unknown as { emit: (event: string, payload: unknown) => void }).emit('sync:pull', { clientId: ada.clientId, cursor: 0 });
    expect((await api(server.url, '/api/health')).status).toBe(200);
  });
});

describe('pulls served from the change log kept in memory', () => {
  it('a change committed by a path that announced it to no one still reaches the next pull, with the ticket as it is now', async () => {
    const ada = await client(ADA);
    await ada.pullAll();
    const args = ticketArgs();
    await ada.push([{ name: 'ticket.create', args }]);
    expect(puts(await ada.pullAll(), 'ticket').map((c) => c.row.id)).toContain(args.id);
    // Written straight to storage: no poke, no commit callback, and the ticket row was read by the last pull.
    const seq = await server.db.transaction().execute(async (trx) => {
      await trx.updateTable('tickets').set({ subject: 'Changed behind the sync server' }).where('id', '=', args.id).execute();
      return recordChange({ trx, now: new Date(), user: null, clientId: null }, { entity: 'ticket', entityId: args.id });
    });
    const ticket = puts(await ada.pullAll(), 'ticket').find((c) => c.row.id === args.id);
    expect(ticket?.row).toMatchObject({ subject: 'Changed behind the sync server', version: seq });
  });

  it('a client further behind than memory holds gets every change from storage, in order', async () => {
    const [ada, ben] = [await client(ADA), await client(BEN)];
    await ben.pullAll();
    const behind = ben.cursor;
    const args = ticketArgs();
    await ada.push([{ name: 'ticket.create', args }]);
    const notes: string[] = [];
    for (let push = 0; push < 21; push++) {
      const batch = Array.from({ length: 100 }, () => ({ id: newId(), ticketId: args.id, visibility: 'internal', body: 'Kept for the record', createdAt: new Date().toISOString() }));
      notes.push(...batch.map((n) => n.id));
      expect((await ada.push(batch.map((n) => ({ name: 'comment.add' as const, args: n })))).ok).toBe(true);
    }
    await ada.pullAll(); // the memory now holds only the newest 2,000 changes
    ben.cursor = behind;
    const comments = puts(await ben.pullAll(), 'comment');
    expect(comments.map((c) => c.row.id).filter((id) => notes.includes(id))).toEqual(notes);
    expect(comments.map((c) => c.seq)).toEqual(comments.map((c) => c.seq).sort((a, b) => a - b));
  });
});

describe('sync clients belong to one user', () => {
  it('refuses another user presenting a client id at the handshake and in a payload', async () => {
    const ada = await client(ADA);
    await expect(client(BEA, { clientId: ada.clientId })).rejects.toThrow('client_not_yours');
    const bea = await client(BEA);
    expect(await bea.raw('sync:pull', { clientId: ada.clientId, cursor: 0 })).toMatchObject({ ok: false, error: { code: 'client_not_yours' } });
  });

  it('refuses a socket without a valid token, and a browser origin that is not the app', async () => {
    await expect(SyncTestClient.connect(server.url, 'x'.repeat(43))).rejects.toThrow('unauthenticated');
    await expect(client(ADA, { origin: 'https://evil.example' })).rejects.toThrow();
    const fromApp = await client(ADA, { origin: new URL(server.url).origin });
    expect(fromApp.socket.connected).toBe(true);
  });
});

describe('partial replication and authorization', () => {
  it('never sends another team\'s ticket and refuses changes to it as if it did not exist', async () => {
    const ada = await client(ADA);
    const bea = await client(BEA);
    const args = ticketArgs({ teamId: 'team-billing', categoryId: 'billing' });
    expect((await bea.push([{ name: 'ticket.create', args }])).ok).toBe(true);
    const changes = await ada.pullAll();
    expect(changes.some((c) => (c.op === 'put' ? c.row.id : c.id) === args.id)).toBe(false);
    const attempt = await ada.push([
      { name: 'ticket.update', args: { id: args.id, fields: { subject: 'mine now' }, hlc: new HybridLogicalClock(ada.clientId).now() } },
      { name: 'comment.add', args: { id: newId(), ticketId: args.id, visibility: 'internal', body: 'peek', createdAt: new Date().toISOString() } },
      { name: 'ticket.setStatus', args: { id: args.id, to: 'open' } },
    ]);
    expect(attempt.ok && attempt.outcomes.map((o) => o.status === 'rejected' && o.error.code)).toEqual(['not_found', 'not_found', 'not_found']);
    const row = await server.db.selectFrom('tickets').select('subject').where('id', '=', args.id).executeTakeFirstOrThrow();
    expect(row.subject).toBe(args.subject);
  });

  it('moving a ticket to another team drops it from the old team\'s mirrors and brings it, with its comments, to the new team', async () => {
    const ada = await client(ADA);
    const bea = await client(BEA);
    const args = ticketArgs();
    const commentId = newId();
    await ada.push([
      { name: 'ticket.create', args },
      { name: 'comment.add', args: { id: commentId, ticketId: args.id, visibility: 'internal', body: 'Looks like billing', createdAt: new Date().toISOString() } },
    ]);
    await ada.pullAll();
    await bea.pullAll();
    const clock = new HybridLogicalClock(ada.clientId);
    const moved = await ada.push([{ name: 'ticket.update', args: { id: args.id, fields: { teamId: 'team-billing', categoryId: 'billing' }, hlc: clock.now() } }]);
    expect(moved.ok && moved.outcomes[0]?.status).toBe('applied');
    const adaChanges = await ada.pullAll();
    expect(adaChanges).toContainEqual(expect.objectContaining({ entity: 'ticket', op: 'drop', id: args.id }));
    const beaChanges = await bea.pullAll();
    expect(puts(beaChanges, 'ticket').map((c) => c.row.id)).toContain(args.id);
    expect(puts(beaChanges, 'comment').map((c) => c.row.id)).toContain(commentId);
  });

  it('a supervisor of the team sees tickets its agents create', async () => {
    const ada = await client(ADA);
    const sam = await client(SAM);
    await sam.pullAll();
    const args = ticketArgs();
    await ada.push([{ name: 'ticket.create', args }]);
    expect(puts(await sam.pullAll(), 'ticket').map((c) => c.row.id)).toContain(args.id);
  });
});

describe('bootstrap pages', () => {
  /** Every page of Ada's bootstrap, as the server sends it in `shape` (changes: no shape asked), with the bytes it took. */
  async function bootstrapAll(token: string, shape: 'changes' | 'columns', limit = 200, from = ''): Promise<{ bytes: number; pages: unknown[] }> {
    const pages: unknown[] = [];
    let bytes = 0;
    for (let after: string | null = from, snapshot: number | undefined; after !== null; ) {
      // Changes are what a client that names no shape gets.
      const query = new URLSearchParams({ limit: String(limit), ...(shape === 'columns' ? { shape } : {}), ...(after ? { after } : {}), ...(snapshot !== undefined ? { snapshot: String(snapshot) } : {}) });
      const response = await fetch(`${server.url}/api/sync/bootstrap?${query}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      const text = await response.text();
      bytes += Buffer.byteLength(text);
      const page = JSON.parse(text) as { snapshotSeq: number; next: string | null };
      pages.push(page);
      after = page.next;
      snapshot = page.snapshotSeq;
    }
    return { bytes, pages };
  }

  it('as columns, hold exactly the rows the pages as changes hold, in under 70 % of the bytes', async () => {
    const token = await loginAs(server.url, ADA);
    const changes = await bootstrapAll(token, 'changes');
    const columns = await bootstrapAll(token, 'columns');
    expect(columns.pages.map((page) => fromColumnsPage(page))).toStrictEqual(changes.pages);
    expect((changes.pages as BootstrapPage[]).reduce((n, page) => n + page.rows.length, 0)).toBeGreaterThan(500);
    expect(columns.bytes).toBeLessThan(changes.bytes * 0.7);
  });

  it("send each ticket's history whole in one page, and a bootstrap begun in event order goes on in it", async () => {
    const token = await loginAs(server.url, ADA);
    const ada = await client(ADA);
    // A ticket with more history than a page holds (the small limits below), first of the history (the
    // lowest id): sent whole, in a page of its own, not after the rows of the phases before it.
    const long = ticketArgs({ id: '00000000-0000-7000-8000-000000000001' });
    await ada.push([{ name: 'ticket.create', args: long }]);
    for (const urgency of ['high', 'low', 'medium', 'high'] as const) await ada.push([{ name: 'ticket.update', args: { id: long.id, fields: { urgency }, hlc: new HybridLogicalClock(ada.clientId).now() } }]);
    const visibleEvents = async () =>
      (await server.db.selectFrom('ticket_events').innerJoin('tickets', 'tickets.id', 'ticket_events.ticket_id').select(['ticket_events.id', 'ticket_events.ticket_id'])
        .where((eb) => eb.or([eb('tickets.team_id', '=', 'team-technical'), eb('tickets.assignee_id', '=', (eb.selectFrom('users').select('id').where('email', '=', ADA)) as never)])).execute());
    const expected = await visibleEvents();
    expect(expected.filter((e) => e.ticket_id === long.id).length).toBeGreaterThan(3);
    for (const limit of [2, 3, 4, 5, 200]) {
      const pages = (await bootstrapAll(token, 'changes', limit)).pages as BootstrapPage[];
      const histories = pages.map((page) => page.rows.filter((c) => c.entity === 'event').map((c) => c.row as { id: string; ticketId: string }));
      const sent = histories.flat();
      // Every event Ada may see, once.
      expect(sent.map((e) => e.id).sort()).toEqual(expected.map((e) => e.id).sort());
      // Each ticket's events in one page, the tickets in id order.
      const pageOf = new Map<string, number>();
      for (const [i, events] of histories.entries()) {
        for (const event of events) {
          expect(pageOf.get(event.ticketId) ?? i).toBe(i);
          pageOf.set(event.ticketId, i);
        }
      }
      const order = [...new Set(sent.map((e) => e.ticketId))];
      expect(order).toEqual([...order].sort());
      // A page holds at most `limit` rows, but for a ticket longer than that, sent whole in a page of its own.
      for (const [i, page] of pages.entries()) {
        if (page.rows.length <= limit) continue;
        expect(new Set(histories[i]!.map((e) => e.ticketId)).size).toBe(1);
        expect(page.rows).toHaveLength(histories[i]!.length);
      }
      if (limit < 5) expect(histories.find((events) => events.some((e) => e.ticketId === long.id))!.length).toBeGreaterThan(limit);
    }
    // A position in the history by event id, given out by a server before this one: the pages go on from
    // that event in id order, then send the history by ticket (stored again, merged by id by the workstation).
    const byEventId = expected.map((e) => e.id).sort();
    const from = byEventId[Math.floor(byEventId.length / 2)]!;
    const resumed = ((await bootstrapAll(token, 'changes', 200, `6:${from}`)).pages as BootstrapPage[]).flatMap((page) => page.rows.filter((c) => c.entity === 'event').map((c) => c.row.id));
    const later = byEventId.filter((id) => id > from);
    expect(resumed.slice(0, later.length)).toEqual(later);
    expect(resumed.slice(later.length).sort()).toEqual(byEventId);
  });

  it('tells a client whose bootstrap position or snapshot it did not give out, or a damaged one, to start over', async () => {
    const token = await loginAs(server.url, ADA);
    const first = await api(server.url, '/api/sync/bootstrap?limit=5', { token });
    const snapshot = Number(first.body.snapshotSeq);
    // A phase this server does not have (a newer one gave it out, and the server was rolled back since), a
    // snapshot ahead of its log (restored from a backup since), and a position no server gives out.
    for (const query of [`after=9:&snapshot=${snapshot}`, `after=1:&snapshot=${snapshot + 1_000}`, `after=${encodeURIComponent('1:<script>')}`]) {
      const refused = await api(server.url, `/api/sync/bootstrap?${query}`, { token });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ error: { code: 'resync_required' } });
    }
  });

  it('refuses a shape it does not know, with a typed error', async () => {
    const token = await loginAs(server.url, ADA);
    const response = await api(server.url, '/api/sync/bootstrap?shape=rows', { token });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'invalid_request' } });
  });
});

describe('conflicts', () => {
  it('scalar fields: the later edit wins whatever order they arrive in, and the losing agent is told', async () => {
    const ada = await client(ADA);
    const ben = await client(BEN);
    const args = ticketArgs();
    await ada.push([{ name: 'ticket.create', args }]);
    const t0 = Date.now();
    const adaClock = new HybridLogicalClock(ada.clientId, () => t0 - 60_000); // edited offline a minute ago
    const benClock = new HybridLogicalClock(ben.clientId, () => t0);
    const benEdit = await ben.push([{ name: 'ticket.update', args: { id: args.id, fields: { urgency: 'low' }, hlc: benClock.now() } }]);
    expect(benEdit.ok && benEdit.outcomes[0]).toMatchObject({ status: 'applied' });
    const adaEdit = await ada.push([{ name: 'ticket.update', args: { id: args.id, fields: { urgency: 'high', subject: 'Router dead' }, hlc: adaClock.now() } }]);
    expect(adaEdit.ok && adaEdit.outcomes[0]).toMatchObject({
      status: 'applied',
      conflicts: [{ field: 'urgency', yourValue: 'high', keptValue: 'low' }],
    });
    const row = await server.db.selectFrom('tickets').select(['urgency', 'subject', 'priority']).where('id', '=', args.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ urgency: 'low', subject: 'Router dead', priority: 'low' });
    const lost = await server.db.selectFrom('ticket_events').select('data').where('ticket_id', '=', args.id).where('kind', '=', 'edit_lost').execute();
    expect(lost.map((e) => JSON.parse(e.data))).toEqual([{ field: 'urgency', value: 'high', keptValue: 'low' }]);
  });

  it('a clock far in the future is clamped and does not win forever', async () => {
    const ada = await client(ADA);
    const ben = await client(BEN);
    const args = ticketArgs();
    await ada.push([{ name: 'ticket.create', args }]);
    const skewed = new HybridLogicalClock(ada.clientId, () => Date.now() + 24 * 3_600_000);
    await ada.push([{ name: 'ticket.update', args: { id: args.id, fields: { subject: 'From the future' }, hlc: skewed.now() } }]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const later = new HybridLogicalClock(ben.clientId, () => Date.now() + 61_000);
    const response = await ben.push([{ name: 'ticket.update', args: { id: args.id, fields: { subject: 'Set a minute later' }, hlc: later.now() } }]);
    expect(response.ok && response.outcomes[0]).not.toHaveProperty('conflicts');
    const row = await server.db.selectFrom('tickets').select('subject').where('id', '=', args.id).executeTakeFirstOrThrow();
    expect(row.subject).toBe('Set a minute later');
  });

  it('tags merge per element', async () => {
    const ada = await client(ADA);
    const ben = await client(BEN);
    const args = ticketArgs({ tags: ['router'] });
    await ada.push([{ name: 'ticket.create', args }]);
    await ada.push([{ name: 'ticket.tags', args: { id: args.id, add: ['VIP'], remove: [] } }]);
    await ben.push([{ name: 'ticket.tags', args: { id: args.id, add: ['callback'], remove: ['router'] } }]);
    const row = await server.db.selectFrom('tickets').select('tags').where('id', '=', args.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.tags)).toEqual(['callback', 'vip']);
  });
});

describe('history of an edit', () => {
  const historyOf = async (ticketId: string) =>
    (await server.db.selectFrom('ticket_events').select(['kind', 'data']).where('ticket_id', '=', ticketId).where('kind', 'in', ['priority_changed', 'field_changed']).orderBy('at').orderBy('id').execute())
      .map((e) => ({ kind: e.kind, data: JSON.parse(e.data) as unknown }));

  it('is one entry with every field it changed: the priority entry when it moved the priority, else a field change', async () => {
    const ada = await client(ADA);
    const args = ticketArgs(); // impact medium, urgency high: priority high
    await ada.push([{ name: 'ticket.create', args }]);
    const clock = new HybridLogicalClock(ada.clientId);
    await ada.push([{ name: 'ticket.update', args: { id: args.id, fields: { impact: 'high', subject: 'Router dead' }, hlc: clock.now() } }]);
    expect(await historyOf(args.id)).toEqual([
      { kind: 'priority_changed', data: { from: 'high', to: 'critical', changes: { impact: { from: 'medium', to: 'high' }, subject: { from: args.subject, to: 'Router dead' } } } },
    ]);
    await ada.push([{ name: 'ticket.update', args: { id: args.id, fields: { categoryId: 'billing', urgency: 'high' }, hlc: clock.now() } }]);
    const history = await historyOf(args.id);
    expect(history).toHaveLength(2);
    expect(history[1]).toEqual({ kind: 'field_changed', data: { changes: { categoryId: { from: 'technical', to: 'billing' } } } });
    const row = await server.db.selectFrom('tickets').select(['priority', 'subject', 'category_id']).where('id', '=', args.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ priority: 'critical', subject: 'Router dead', category_id: 'billing' });
  });
});

describe('routing', () => {
  it('a ticket without a team goes to the team of its category, and to an available agent with room', async () => {
    const ada = await client(ADA);
    const unrouted = ticketArgs({ teamId: null, categoryId: 'billing' });
    expect((await ada.push([{ name: 'ticket.create', args: unrouted }])).ok).toBe(true);
    const first = await server.db.selectFrom('tickets').select(['team_id', 'assignee_id']).where('id', '=', unrouted.id).executeTakeFirstOrThrow();
    expect(first).toEqual({ team_id: 'team-billing', assignee_id: null }); // every demo agent starts offline
    const reason = await server.db.selectFrom('ticket_events').select('data').where('ticket_id', '=', unrouted.id).where('kind', '=', 'routed').executeTakeFirstOrThrow();
    expect(JSON.parse(reason.data).reason).toBe('Nobody in Billing is available with capacity; left in the team queue.');

    // The demo already gives her more open tickets than her capacity of 25: make room, and make her available.
    await server.db.updateTable('users').set({ availability: 'available', capacity: 1000 }).where('email', '=', BEA).execute();
    try {
      const routed = ticketArgs({ teamId: null, categoryId: 'billing' });
      await ada.push([{ name: 'ticket.create', args: routed }]);
      const row = await server.db.selectFrom('tickets').select(['team_id', 'assignee_id']).where('id', '=', routed.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ team_id: 'team-billing', assignee_id: await userId(BEA) });
    } finally {
      await server.db.updateTable('users').set({ availability: 'offline', capacity: 25 }).where('email', '=', BEA).execute();
    }
  });
});

describe('ticket numbers for offline tickets', () => {
  it('a leased number is kept; a number outside the lease is replaced and the client told', async () => {
    const ada = await client(ADA);
    const lease = await ada.lease();
    expect(lease.ok).toBe(true);
    if (!lease.ok) return;
    expect(lease.lease.last - lease.lease.first).toBe(19);
    expect(await ada.lease()).toEqual(lease); // unused block: the same one again
    const offline = ticketArgs({ number: lease.lease.first });
    const stolen = ticketArgs({ number: 1001 });
    const response = await ada.push([
      { name: 'ticket.create', args: offline },
      { name: 'ticket.create', args: stolen },
    ]);
    expect(response.ok && response.outcomes[0]).not.toHaveProperty('ticketNumber');
    expect(response.ok && response.outcomes[1]).toMatchObject({ status: 'applied', ticketNumber: expect.any(Number) });
    const numbers = await server.db.selectFrom('tickets').select(['id', 'number']).where('id', 'in', [offline.id, stolen.id]).execute();
    expect(numbers.find((n) => n.id === offline.id)?.number).toBe(lease.lease.first);
    expect(numbers.find((n) => n.id === stolen.id)?.number).not.toBe(1001);
  });
});

describe('first response, calls and customers', () => {
  it('a public reply stops the first-response clock; an internal note does not', async () => {
    const ada = await client(ADA);
    const args = ticketArgs();
    await ada.push([
      { name: 'ticket.create', args },
      { name: 'comment.add', args: { id: newId(), ticketId: args.id, visibility: 'internal', body: 'Checking logs', createdAt: new Date().toISOString() } },
    ]);
    expect((await server.db.selectFrom('tickets').select('first_responded_at').where('id', '=', args.id).executeTakeFirstOrThrow()).first_responded_at).toBeNull();
    await ada.push([{ name: 'comment.add', args: { id: newId(), ticketId: args.id, visibility: 'public', body: 'We are on it', createdAt: new Date().toISOString() } }]);
    expect((await server.db.selectFrom('tickets').select('first_responded_at').where('id', '=', args.id).executeTakeFirstOrThrow()).first_responded_at).not.toBeNull();
  });

  it('a new customer from the call panel is normalised, and a call is logged against it', async () => {
    const ada = await client(ADA);
    const customerId = newId();
    const callId = newId();
    const response = await ada.push([
      { name: 'customer.create', args: { id: customerId, name: '  Grace  Hopper ', phones: ['020 7946 0999'], emails: [], company: null, language: 'en', notes: '' } },
      {
        name: 'call.log',
        args: { id: callId, ticketId: null, customerId, direction: 'inbound', number: '020 7946 0999', startedAt: '2026-11-25T10:00:00.000Z', endedAt: '2026-11-25T10:04:00.000Z', notes: 'Asked about invoice', disposition: 'information_given' },
      },
      { name: 'customer.create', args: { id: newId(), name: 'Bad Phone', phones: ['call me'], emails: [], company: null, language: null, notes: '' } },
    ]);
    expect(response.ok && response.outcomes.map((o) => o.status)).toEqual(['applied', 'applied', 'rejected']);
    const customer = await server.db.selectFrom('customers').selectAll().where('id', '=', customerId).executeTakeFirstOrThrow();
    expect(customer.name).toBe('Grace Hopper');
    expect(JSON.parse(customer.phones)).toEqual(['+442079460999']);
    const call = await server.db.selectFrom('calls').selectAll().where('id', '=', callId).executeTakeFirstOrThrow();
    expect(call).toMatchObject({ number: '+442079460999', agent_id: await userId(ADA), disposition: 'information_given' });
  });
});

describe('sessions on open sockets', () => {
  it('logout ends the socket at once', async () => {
    const ada = await client(ADA);
    const ended = new Promise<{ code: string }>((resolve) => ada.socket.once('session:ended', resolve));
    const disconnected = new Promise<void>((resolve) => ada.socket.once('disconnect', () => resolve()));
    await api(server.url, '/api/auth/logout', { method: 'POST', token: ada.token });
    expect(await ended).toEqual({ code: 'logged_out' });
    await disconnected;
  });

  it('a role change ends the socket on its next event and asks for a resync', async () => {
    const cleo = await client('cleo@demo.switchboard');
    await server.db.updateTable('users').set({ role: 'supervisor' }).where('email', '=', 'cleo@demo.switchboard').execute();
    try {
      expect(await cleo.pull()).toMatchObject({ ok: false, error: { code: 'resync_required' } });
    } finally {
      await server.db.updateTable('users').set({ role: 'agent' }).where('email', '=', 'cleo@demo.switchboard').execute();
    }
  });

  it('a role change or a disabled account ends open sockets without waiting for their next event', async () => {
    const cleo = await client('cleo@demo.switchboard');
    const ben = await client(BEN);
    const ended = new Promise<{ code: string }>((resolve) => cleo.socket.once('session:ended', resolve));
    let benEnded = false;
    ben.socket.on('session:ended', () => (benEnded = true));
    await server.db.updateTable('users').set({ role: 'supervisor' }).where('email', '=', 'cleo@demo.switchboard').execute();
    try {
      expect(await server.gateway.sweepSessions()).toBe(1);
      expect(await ended).toEqual({ code: 'role_changed' });
      expect(benEnded).toBe(false);
    } finally {
      await server.db.updateTable('users').set({ role: 'agent' }).where('email', '=', 'cleo@demo.switchboard').execute();
    }
    const disabled = new Promise<{ code: string }>((resolve) => ben.socket.once('session:ended', resolve));
    await server.db.updateTable('users').set({ disabled: 1 }).where('email', '=', BEN).execute();
    try {
      await server.gateway.sweepSessions();
      expect(await disabled).toEqual({ code: 'disabled' });
    } finally {
      await server.db.updateTable('users').set({ disabled: 0 }).where('email', '=', BEN).execute();
    }
  });

  it('pokes the clients that may see a commit, and not the others', async () => {
    const ada = await client(ADA);
    const ben = await client(BEN);
    const bea = await client(BEA);
    let beaPoked = false;
    bea.socket.on('sync:poke', () => (beaPoked = true));
    const poked = new Promise<{ seq: number }>((resolve) => ben.socket.once('sync:poke', resolve));
    const response = await ada.push([{ name: 'ticket.create', args: ticketArgs() }]);
    const poke = await poked;
    expect(response.ok && poke.seq).toBeGreaterThanOrEqual(response.ok ? response.outcomes[0]!.changeSeq : 0);
    // Billing's agent cannot see a Technical Support ticket: no poke for her (checked after Ben's arrived).
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(beaPoked).toBe(false);
    const customer = new Promise<{ seq: number }>((resolve) => bea.socket.once('sync:poke', resolve));
    await ada.push([{ name: 'customer.create', args: { id: newId(), name: 'Everyone Sees', phones: [], emails: [], company: null, language: null, notes: '' } }]);
    expect((await customer).seq).toBeGreaterThan(poke.seq);
  });
  it('a commit too large for a poke to carry is announced bare to those who may see it, and not to the others', async () => {
    const ada = await client(ADA);
    const ben = await client(BEN);
    const bea = await client(BEA);
    let beaPoked = false;
    bea.socket.on('sync:poke', () => (beaPoked = true));
    ben.cursor = Number((await server.db.selectFrom('changes').select((eb) => eb.fn.max('seq').as('s')).executeTakeFirst())?.s ?? 0);
    const poked = new Promise<SyncPoke>((resolve) => ben.socket.once('sync:poke', resolve));
    // A full push of filed tickets: about three change-log entries each, more than a poke carries.
    const filed = Array.from({ length: MAX_PUSH_BATCH }, () => ticketArgs());
    const response = await ada.push(filed.map((args) => ({ name: 'ticket.create' as const, args })));
    const poke = await poked;
    expect(response.ok && response.outcomes.filter((o) => o.status === 'applied').length).toBe(MAX_PUSH_BATCH);
    expect(poke.page).toBeUndefined();
    expect(poke.seq).toBeGreaterThanOrEqual(response.ok ? Math.max(...response.outcomes.map((o) => o.changeSeq ?? 0)) : Infinity);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(beaPoked).toBe(false);
    // The bare poke is enough: Ben's pull brings every ticket of the push.
    const pulled = new Set(puts(await ben.pullAll(), 'ticket').map((c) => c.row.id));
    expect(filed.every((args) => pulled.has(args.id))).toBe(true);
  });

  it('a commit too large for a poke to carry reaches the team a ticket in it left, and its pull drops the ticket', async () => {
    const bea = await client(BEA);
    const admin = await client('admin@demo.switchboard');
    const billing = ticketArgs({ teamId: 'team-billing', categoryId: 'billing' });
    expect((await bea.push([{ name: 'ticket.create', args: billing }])).ok).toBe(true);
    await bea.pullAll();
    const poked = new Promise<SyncPoke>((resolve) => bea.socket.once('sync:poke', resolve));
    // Everything else in the push is Technical Support's: only the moved ticket's old team concerns Bea.
    const response = await admin.push([
      ...Array.from({ length: MAX_PUSH_BATCH - 1 }, () => ({ name: 'ticket.create' as const, args: ticketArgs() })),
      { name: 'ticket.update', args: { id: billing.id, fields: { teamId: 'team-technical', categoryId: 'technical' }, hlc: new HybridLogicalClock(admin.clientId).now() } },
    ]);
    expect(response.ok && response.outcomes.every((o) => o.status === 'applied')).toBe(true);
    expect((await poked).page).toBeUndefined();
    expect(await bea.pullAll()).toContainEqual(expect.objectContaining({ entity: 'ticket', op: 'drop', id: billing.id }));
  });
});

describe('pokes that carry their changes', () => {
  const head = async () => Number((await server.db.selectFrom('changes').select((eb) => eb.fn.max('seq').as('s')).executeTakeFirst())?.s ?? 0);
  const nextPoke = (c: SyncTestClient) => new Promise<SyncPoke>((resolve) => c.socket.once('sync:poke', resolve));

  it("carries the commit to a caught-up client exactly as that client's pull would return it", async () => {
    const ada = await client(ADA);
    const ben = await client(BEN);
    ben.cursor = await head();
    const poked = nextPoke(ben);
    const args = ticketArgs();
    const pushed = await ada.push([{ name: 'ticket.create', args }]);
    const poke = await poked;
    expect(poke.page?.from).toBe(ben.cursor); // Ben's socket connected with nothing poked since: its page starts at the log's end
    const tickets = puts(poke.page!.changes, 'ticket');
    expect(tickets.map((c) => c.row.id)).toEqual([args.id]);
    expect(tickets[0]!.row.version).toBeGreaterThan(ben.cursor);
    expect(poke.page!.cursor).toBe(pushed.ok ? pushed.outcomes[0]!.changeSeq : -1);
    const pulled = await ben.pull();
    expect(pulled.ok && { changes: pulled.changes, cursor: pulled.cursor }).toEqual({ changes: poke.page!.changes, cursor: poke.page!.cursor });
  });

  it('a client not poked for a commit it may not see can still take the next page it is sent', async () => {
    const ada = await client(ADA);
    const bea = await client(BEA);
    bea.cursor = await head();
    let beaPokes = 0;
    bea.socket.on('sync:poke', () => beaPokes++);
    const adaPoked = nextPoke(ada);
    await ada.push([{ name: 'ticket.create', args: ticketArgs() }]); // Technical Support: not for Bea
    await adaPoked;
    const beaPoked = nextPoke(bea);
    const billing = ticketArgs({ categoryId: 'billing', teamId: null }); // routed to Billing by its category
    await ada.push([{ name: 'ticket.create', args: billing }]);
    const poke = await beaPoked;
    expect(beaPokes).toBe(1);
    expect(poke.page!.from).toBeLessThanOrEqual(bea.cursor);
    expect(poke.page!.cursor).toBeGreaterThan(bea.cursor);
    expect(puts(poke.page!.changes, 'ticket').map((c) => c.row.id)).toEqual([billing.id]);
    const pulled = await bea.pull();
    expect(pulled.ok && pulled.changes).toEqual(poke.page!.changes);
  });

  it('everyone whose pull has something for them is poked, through every change of scope', async () => {
    const emails = ['admin@demo.switchboard', SAM, 'casey.supervisor@demo.switchboard', ADA, BEN, BEA, 'carl@demo.switchboard', 'cleo@demo.switchboard'];
    const clients = new Map<string, SyncTestClient>();
    for (const email of emails) clients.set(email, await client(email));
    const admin = clients.get('admin@demo.switchboard')!;
    const ada = clients.get(ADA)!;
    const pokes = new Map<string, number>();
    for (const [email, c] of clients) c.socket.on('sync:poke', () => pokes.set(email, (pokes.get(email) ?? 0) + 1));
    const clock = new HybridLogicalClock(admin.clientId);
    const ticket = ticketArgs();
    const note = 'Bench of scopes: customer needs a supervisor.';
    const steps: Array<[string, SyncTestClient, { name: MutationName; args: unknown }]> = [
      ['created for Technical Support', admin, { name: 'ticket.create', args: ticket }],
      ['unrouted', admin, { name: 'ticket.update', args: { id: ticket.id, fields: { teamId: null }, hlc: clock.now() } }],
      ['routed to Customer Care', admin, { name: 'ticket.update', args: { id: ticket.id, fields: { teamId: 'team-care', categoryId: 'general-inquiry' } , hlc: clock.now() } }],
      ['assigned to a Billing agent', admin, { name: 'ticket.update', args: { id: ticket.id, fields: { assigneeId: await userId(BEA) }, hlc: clock.now() } }],
      ['moved to Technical Support, unassigned', admin, { name: 'ticket.update', args: { id: ticket.id, fields: { teamId: 'team-technical', categoryId: 'technical', assigneeId: null }, hlc: clock.now() } }],
      ['escalated by its agent', ada, { name: 'ticket.escalate', args: { id: ticket.id, eventId: newId(), handoverNote: note, customerUpdate: null } }],
      ['escalated again, to every supervisor', ada, { name: 'ticket.escalate', args: { id: ticket.id, eventId: newId(), handoverNote: note, customerUpdate: null } }],
      ['de-escalated by a supervisor', clients.get(SAM)!, { name: 'escalation.deescalate', args: { id: ticket.id, eventId: newId(), note: 'Sorted after all.' } }],
      ['moved to Billing', admin, { name: 'ticket.update', args: { id: ticket.id, fields: { teamId: 'team-billing', categoryId: 'billing' }, hlc: clock.now() } }],
    ];
    for (const [step, by, mutation] of steps) {
      const before = await head();
      pokes.clear();
      const adminPoked = nextPoke(admin);
      const pushed = await by.push([mutation]);
      expect(pushed.ok && pushed.outcomes[0]!.status, step).toBe('applied');
      await adminPoked; // admins are poked for everything; the others in the same round
      await new Promise((resolve) => setTimeout(resolve, 150));
      for (const [email, c] of clients) {
        c.cursor = before;
        const pulled = await c.pull();
        if (pulled.ok && pulled.changes.length > 0) expect(pokes.get(email) ?? 0, `${email} after "${step}"`).toBeGreaterThan(0);
      }
    }
  });

  it('carries rows only to sockets whose session is live and whose teams are what they connected with', async () => {
    const ada = await client(ADA);
    const ben = await client(BEN);
    const revoked = await client(ADA); // a second workstation of Ada's, signed out elsewhere without its socket closing yet
    await server.db.deleteFrom('sessions').where('token_hash', '=', tokenHash(revoked.token)).execute();
    const benId = await userId(BEN);
    const teams = await server.db.selectFrom('team_members').selectAll().where('user_id', '=', benId).execute();
    await server.db.deleteFrom('team_members').where('user_id', '=', benId).execute();
    try {
      const pokes = [nextPoke(ada), nextPoke(ben), nextPoke(revoked)] as const;
      await ada.push([{ name: 'ticket.create', args: ticketArgs() }]);
      const [toAda, toBen, toRevoked] = await Promise.all(pokes);
      expect(toAda.page?.changes.length).toBeGreaterThan(0);
      // Both are still told something was committed; their pulls get the answer they must.
      expect(toBen).toEqual({ seq: toAda.seq });
      expect(toRevoked).toEqual({ seq: toAda.seq });
      expect(await ben.pull()).toMatchObject({ ok: false, error: { code: 'resync_required' } });
      expect(await revoked.pull()).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    } finally {
      await server.db.insertInto('team_members').values(teams).execute();
    }
  });
});

describe('retention', () => {
  it('a cursor older than the retained change log must resync', async () => {
    const ada = await client(ADA);
    await server.db.insertInto('sync_meta').values({ key: 'retained_from_seq', value: '50' }).execute();
    try {
      ada.cursor = 10;
      expect(await ada.pull()).toMatchObject({ ok: false, error: { code: 'resync_required' } });
      ada.cursor = 49;
      expect((await ada.pull()).ok).toBe(true);
    } finally {
      await server.db.deleteFrom('sync_meta').where('key', '=', 'retained_from_seq').execute();
    }
  });
});

