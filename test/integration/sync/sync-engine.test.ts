import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '../../../core/ids';
import { HybridLogicalClock } from '../../../core/sync/hlc';
import { io } from 'socket.io-client';
import { socketTransport } from '../../../renderer/sync/socket-transport';
import { OfflineError } from '../../../renderer/sync/sync-transport';
import { SyncEngine } from '../../../renderer/sync/sync-engine';
import { MIRROR_TABLES } from '../../../renderer/sync/mirror-db';
import { PAUSED_DUE } from '../../../renderer/queues/queue-entry';
import { withoutQueueFields } from '../../../renderer/queues/queue-fields';
import { toCall, toComment, toSyncedCustomer, toSyncedTicket, toTicketEvent } from '../../../server/sync/row-mappers';
import type { MirrorCustomer } from '../../../renderer/calls/phone-index';
import { readyQueueIndex } from '../../../renderer/queues/queue-index';
import { DEFAULT_PRIORITY_MATRIX } from '../../../core/ticket/priority';
import { DEFAULT_LIFECYCLE_POLICY } from '../../../core/ticket/status';
import { createLogger } from '../../../server/logger';
import { UsersRepository } from '../../../server/repositories/users-repository';
import { visibleTo } from '../../../server/repositories/tickets-repository';
import { testServerConfig } from '../../support/test-server-config';
import { startServer, type RunningServer } from '../../../server/server';
import { loginAs } from '../../support/api-client';
import { Workstation } from '../../support/workstation-harness';
import { ticketArgs } from '../../support/sync-test-client';
import { mirrorTicket } from '../../support/mirror-ticket';
import type { BootstrapPage, PushResponse, SyncPoke } from '../../../core/protocol/sync-messages';
import type { MutationArgs } from '../../../core/protocol/sync-schemas';
import { takeArrivals } from '../../../renderer/sync/arrivals';
import { allHistory, ticketHistory } from '../../../renderer/tickets/ticket-history';
import { catchingUp, onCatchUpChange } from '../../../renderer/sync/catch-up-pace';
import { conflictReason, dismissConflict, reapplyConflict, writtenContent } from '../../../renderer/conflicts/conflict-center';

let dir: string;
let server: RunningServer;
const open: Workstation[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-engine-'));
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

async function workstation(email: string): Promise<Workstation> {
  const user = await server.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  const ws = new Workstation(user.id, await loginAs(server.url, email));
  open.push(ws);
  return ws;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A Technical Support phone ticket as the workstation creates it. */
const newTicket = (overrides: Record<string, unknown> = {}) =>
  ticketArgs({ subject: 'Printer offline', description: '', impact: 'low', urgency: 'medium', ...overrides }) as MutationArgs<'ticket.create'>;

/** Ada and Ben of Technical Support online, each with a mirror in step with the server. */
async function adaAndBenOnline(): Promise<{ ada: Workstation; ben: Workstation }> {
  const ada = await workstation('ada@demo.switchboard');
  const ben = await workstation('ben@demo.switchboard');
  await ada.goOnline(server.url);
  await ben.goOnline(server.url);
  await ada.sync();
  await ben.sync();
  return { ada, ben };
}

/** Ada and Ben of Technical Support online, both holding a ticket Ada created. */
async function ticketBothHold(): Promise<{ ada: Workstation; ben: Workstation; id: string }> {
  const { ada, ben } = await adaAndBenOnline();
  const created = await ada.engine.mutate('ticket.create', newTicket());
  if (!created.ok) throw new Error('create failed');
  await ada.sync();
  await ben.sync();
  return { ada, ben, id: created.value.args.id };
}

describe('workstation sync engine (fake-indexeddb, real server)', () => {
  it('bootstraps the mirror with exactly the tickets the agent may see, and exactly their timelines', async () => {
    const ada = await workstation('ada@demo.switchboard');
    await ada.goOnline(server.url);
    await ada.sync();
    const mirrored = await ada.db.tickets.toArray();
    const expected = await server.db
      .selectFrom('tickets')
      .select('id')
      .where((eb) => eb.or([eb('team_id', '=', 'team-technical'), eb('assignee_id', '=', ada.userId)]))
      .execute();
    expect(mirrored.map((t) => t.id).sort()).toEqual(expected.map((t) => t.id).sort());
    expect(await ada.db.customers.count()).toBeGreaterThanOrEqual(300);
    // The timelines too: the history, notes and calls of exactly those tickets (and calls with no ticket).
    const visible = expected.map((t) => t.id);
    const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id).sort();
    const events = await server.db.selectFrom('ticket_events').select('id').where('ticket_id', 'in', visible).execute();
    const comments = await server.db.selectFrom('comments').select('id').where('ticket_id', 'in', visible).execute();
    const calls = await server.db.selectFrom('calls').select('id').where((eb) => eb.or([eb('ticket_id', 'is', null), eb('ticket_id', 'in', visible)])).execute();
    expect(events.length).toBeLessThan(await server.db.selectFrom('ticket_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow().then((r) => Number(r.n)));
    expect(ids(await allHistory(ada.db))).toEqual(ids(events));
    expect(ids(await ada.db.comments.toArray())).toEqual(ids(comments));
    expect(ids(await ada.db.calls.toArray())).toEqual(ids(calls));
    // Each row stored exactly as the server holds it (the pages come as columns: core/protocol/bootstrap-columns.ts).
    const serverTickets = await server.db.selectFrom('tickets').selectAll().where('id', 'in', visible).execute();
    expect((await ada.db.tickets.toArray()).map(withoutQueueFields).sort(byId)).toStrictEqual(serverTickets.map(toSyncedTicket).sort(byId));
    const serverEvents = await server.db.selectFrom('ticket_events').selectAll().where('ticket_id', 'in', visible).execute();
    expect((await allHistory(ada.db)).sort(byId)).toStrictEqual(serverEvents.map(toTicketEvent).sort(byId));
    // The bootstrap's history is one record per ticket (the server sends each ticket's events in one page).
    expect(await ada.db.events.count()).toBe(0);
    expect(await ada.db.timelines.count()).toBe(new Set(serverEvents.map((e) => e.ticket_id)).size);
    const serverComments = await server.db.selectFrom('comments').selectAll().where('ticket_id', 'in', visible).execute();
    expect((await ada.db.comments.toArray()).sort(byId)).toStrictEqual(serverComments.map(toComment).sort(byId));
    const serverCalls = await server.db.selectFrom('calls').selectAll().where((eb) => eb.or([eb('ticket_id', 'is', null), eb('ticket_id', 'in', visible)])).execute();
    expect((await ada.db.calls.toArray()).sort(byId)).toStrictEqual(serverCalls.map(toCall).sort(byId));
    // Customers carry the fields the mirror derives for caller lookup and the directory (mirror-db.ts).
    const withoutDerived = ({ qPhoneNational: _n, qPhoneReversed: _r, qName: _q, qWords: _w, ...customer }: MirrorCustomer) => customer;
    const serverCustomers = await server.db.selectFrom('customers').selectAll().execute();
    expect((await ada.db.customers.toArray()).map(withoutDerived).sort(byId)).toStrictEqual(serverCustomers.map(toSyncedCustomer).sort(byId));
  });

  it("keeps each ticket's whole history, once, whether a server sends a ticket's events across pages, in event order, or again", async () => {
    const ada = await workstation('ada@demo.switchboard');
    await ada.goOnline(server.url);
    const real = socketTransport(ada.socket!, { baseUrl: server.url, token: ada.token });
    const pages: BootstrapPage[] = [];
    for (let next: string | undefined, snapshot: number | undefined; ; ) {
      const page = await real.bootstrap({ ...(next ? { after: next } : {}), ...(snapshot !== undefined ? { snapshot } : {}), limit: 1_000 });
      pages.push(page);
      if (!page.next) break;
      next = page.next;
      snapshot = page.snapshotSeq;
    }
    // The real pages, served again otherwise: half the tickets' history by ticket but three events a page
    // (a ticket's events split across pages), the other half in event order three a page (as a server from
    // before history by ticket sends it), then a quarter's again, each event twice in one page.
    const rows = pages.flatMap((page) => page.rows);
    const history = rows.filter((c) => c.entity === 'event');
    const ticketOf = (c: (typeof history)[number]) => (c.row as { ticketId: string }).ticketId;
    const ticketIds = [...new Set(history.map(ticketOf))].sort();
    const firstHalf = new Set(ticketIds.slice(0, ticketIds.length / 2));
    const quarter = new Set(ticketIds.slice(0, ticketIds.length / 4));
    const byTicket = history.filter((c) => firstHalf.has(ticketOf(c))).sort((a, b) => ticketOf(a).localeCompare(ticketOf(b)) || byId(a.row, b.row));
    const byEvent = history.filter((c) => !firstHalf.has(ticketOf(c))).sort((a, b) => byId(a.row, b.row));
    const served: Array<BootstrapPage['rows']> = [rows.filter((c) => c.entity !== 'event')];
    for (const list of [byTicket, byEvent]) for (let i = 0; i < list.length; i += 3) served.push(list.slice(i, i + 3));
    served.push(byTicket.filter((c) => quarter.has(ticketOf(c))).flatMap((c) => [c, c]));
    const snapshotSeq = pages[0]!.snapshotSeq;
    const transport = {
      ...real,
      bootstrap: async (request: { after?: string }) => {
        const at = request.after ? Number(request.after) : 0;
        return { snapshotSeq, rows: served[at]!, next: at + 1 < served.length ? String(at + 1) : null };
      },
    };
    await ada.engine.sync(transport);
    const serverEvents = (await server.db.selectFrom('ticket_events').selectAll().where('id', 'in', history.map((c) => c.row.id)).execute()).map(toTicketEvent);
    expect(await allHistory(ada.db)).toStrictEqual(serverEvents.sort(byId));
    for (const ticketId of [...firstHalf].slice(0, 10)) expect(await ticketHistory(ada.db, ticketId)).toStrictEqual(serverEvents.filter((e) => e.ticketId === ticketId));
    // Each ticket's record holds an event once; the pages in event order went to the pulled events' table.
    for (const timeline of await ada.db.timelines.toArray()) expect(new Set(timeline.events.map((e) => e.id)).size).toBe(timeline.events.length);
    expect(await ada.db.events.count()).toBeGreaterThan(0);
  });

  it('drops a ticket that leaves the agent\'s view with its whole history, the bootstrap\'s and what came since', async () => {
    const { ada, ben } = await adaAndBenOnline();
    const moving = await server.db.selectFrom('tickets').select('id').where('team_id', '=', 'team-technical').where('assignee_id', 'is', null).executeTakeFirstOrThrow();
    expect(await ada.db.timelines.get(moving.id)).toBeDefined();
    const clock = new HybridLogicalClock((await ben.engine.meta()).clientId);
    await ben.engine.mutate('ticket.update', { id: moving.id, fields: { urgency: 'high' }, hlc: clock.now() });
    await ben.sync();
    await ada.sync();
    expect(await ada.db.events.where('ticketId').equals(moving.id).count()).toBeGreaterThan(0);
    await ben.engine.mutate('ticket.update', { id: moving.id, fields: { teamId: 'team-billing', categoryId: 'billing' }, hlc: clock.now() });
    await ben.sync();
    await ada.sync();
    expect(await ada.db.tickets.get(moving.id)).toBeUndefined();
    expect(await ticketHistory(ada.db, moving.id)).toEqual([]);
  });

  it('writes the second bootstrap page only once the first is shown', async () => {
    const ada = await workstation('ada@demo.switchboard');
    await ada.goOnline(server.url);
    const stored = async () => (await Promise.all(MIRROR_TABLES.map((table) => ada.db.table(table).count()))).reduce((a, b) => a + b, 0);
    const whenShown: number[] = [];
    // The workstation waits for its queue (first-screen.ts); this one records what the mirror held then.
    const engine = new SyncEngine(ada.db, () => ({ userId: ada.userId, role: 'agent', now: new Date(), rules: { priorityMatrix: DEFAULT_PRIORITY_MATRIX, lifecycle: DEFAULT_LIFECYCLE_POLICY, defaultCountry: 'GB' } }), async () => {
      whenShown.push(await stored());
    });
    await engine.sync(socketTransport(ada.socket!, { baseUrl: server.url, token: ada.token }));
    expect(whenShown).toHaveLength(1);
    expect(whenShown[0]).toBeGreaterThan(0);
    expect(whenShown[0]).toBeLessThanOrEqual(200); // the first page, and nothing after it
    expect(await stored()).toBeGreaterThan(whenShown[0]!);
    expect((await ada.db.meta.get('bootstrap'))?.value).toEqual({ done: true });
  });

  it('gives a fresh mirror one client id, however many read it at once', async () => {
    const ada = await workstation('ada@demo.switchboard');
    const read = await Promise.all([ada.engine.meta(), ada.engine.meta(), ada.engine.meta()]);
    expect(new Set(read.map((meta) => meta.clientId)).size).toBe(1);
    expect((await ada.db.meta.get('clientId'))?.value).toBe(read[0]!.clientId);
  });

  it('fills an empty mirror before its socket connects, and the run after the connect pulls what changed meanwhile', async () => {
    const ada = await workstation('ada@demo.switchboard');
    expect((await ada.engine.meta()).filled).toBe(false);
    const { clientId } = await ada.engine.meta();
    // The socket the connection has just opened, not connected yet.
    const connecting = io(server.url, { auth: { token: ada.token, clientId }, transports: ['websocket'], autoConnect: false, forceNew: true });
    const before = socketTransport(connecting, { baseUrl: server.url, token: ada.token });
    // The pages come over HTTP; the pull after them needs the socket, and fails as offline.
    await expect(ada.engine.sync(before)).rejects.toBeInstanceOf(OfflineError);
    connecting.close();
    expect((await ada.engine.meta()).filled).toBe(true);
    const visible = async () =>
      (await server.db.selectFrom('tickets').select('id').where((eb) => eb.or([eb('team_id', '=', 'team-technical'), eb('assignee_id', '=', ada.userId)])).execute()).map((t) => t.id).sort();
    expect((await ada.db.tickets.toCollection().primaryKeys()).sort()).toEqual(await visible());
    // Ben files a ticket for the team before Ada's socket connects: the run after the connect pulls it.
    const ben = await workstation('ben@demo.switchboard');
    await ben.goOnline(server.url);
    await ben.sync();
    const filed = await ben.engine.mutate('ticket.create', newTicket({ subject: 'Filed while Ada connected' }));
    if (!filed.ok) throw new Error('create failed');
    await ben.sync();
    await ada.goOnline(server.url);
    await ada.sync();
    expect((await ada.db.tickets.get(filed.value.args.id))?.subject).toBe('Filed while Ada connected');
    expect((await ada.db.tickets.toCollection().primaryKeys()).sort()).toEqual(await visible());
  });

  it("bootstraps a supervisor's mirror with exactly what the server's visibility rule lets them see", async () => {
    const sam = await workstation('sam.supervisor@demo.switchboard');
    await sam.goOnline(server.url);
    await sam.sync();
    const viewer = (await new UsersRepository(server.db).findActiveById(sam.userId))!;
    const expected = await server.db.selectFrom('tickets').select('id').where(visibleTo(viewer)).execute();
    const all = await server.db.selectFrom('tickets').select('id').execute();
    expect(expected.length).toBeLessThan(all.length);
    expect((await sam.db.tickets.toArray()).map((t) => t.id).sort()).toEqual(expected.map((t) => t.id).sort());
  });

  it("keeps the escalations that arrive by pull for escalation news, but not the bootstrap's history or other events", async () => {
    const { ada, ben } = await adaAndBenOnline();
    expect((await allHistory(ada.db)).length).toBeGreaterThan(0);
    expect(await takeArrivals(ada.db)).toEqual([]);
    const ticket = newTicket();
    await ben.engine.mutate('ticket.create', ticket);
    await ben.engine.mutate('ticket.escalate', { id: ticket.id, eventId: newId(), handoverNote: 'Caller wants a supervisor.', customerUpdate: null });
    await ben.sync();
    await ada.sync();
    // Ada holds the ticket's whole history, but only the escalation waits to be read as news.
    expect((await ticketHistory(ada.db, ticket.id)).map((e) => e.kind)).toEqual(expect.arrayContaining(['created', 'escalated']));
    const arrived = await ada.db.events.bulkGet(await takeArrivals(ada.db));
    expect(arrived.map((e) => [e?.ticketId, e?.kind])).toEqual([[ticket.id, 'escalated']]);
    expect(await takeArrivals(ada.db)).toEqual([]); // taken once
  });

  it('a ticket created offline gets its final leased number at once, and keeps it after sync', async () => {
    const ada = await workstation('ada@demo.switchboard');
    await ada.goOnline(server.url);
    await ada.sync(); // takes a number lease
    ada.goOffline();
    const created = await ada.engine.mutate('ticket.create', newTicket());
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const local = await ada.db.tickets.get(created.value.args.id);
    const lease = (await ada.engine.meta()).lease!;
    expect(local?.number).toBe(lease.first);
    expect(await ada.engine.pendingCount()).toBe(1);

    await ada.goOnline(server.url);
    await ada.sync();
    expect(await ada.engine.pendingCount()).toBe(0);
    const confirmed = await ada.db.tickets.get(created.value.args.id);
    expect(confirmed).toMatchObject({ number: lease.first, status: 'new' });
    expect(confirmed!.version).toBeGreaterThan(0);
  });

  it('an offline priority or status change moves the ticket in SLA order at once; the server confirms it', async () => {
    const ada = await workstation('ada@demo.switchboard');
    await ada.goOnline(server.url);
    await ada.sync();
    const created = await ada.engine.mutate('ticket.create', newTicket({ impact: 'low', urgency: 'low' }));
    if (!created.ok) throw new Error(created.error.reason);
    await ada.sync();
    const id = created.value.args.id;
    const low = await ada.db.tickets.get(id);
    expect(low?.slaDueAt).toBeTruthy();

    ada.goOffline();
    const clock = new HybridLogicalClock((await ada.engine.meta()).clientId);
    await ada.engine.mutate('ticket.update', { id, fields: { impact: 'high', urgency: 'high' }, hlc: clock.now() });
    const critical = await ada.db.tickets.get(id);
    expect(critical?.priority).toBe('critical');
    expect(Date.parse(critical!.slaDueAt!)).toBeLessThan(Date.parse(low!.slaDueAt!));
    // The queues order it by the new due time at once, offline.
    expect((await readyQueueIndex(ada.db)).get(id)?.due).toBe(Date.parse(critical!.slaDueAt!));

    await ada.engine.mutate('ticket.setStatus', { id, to: 'pending_customer' });
    await ada.engine.mutate('comment.add', { id: crypto.randomUUID(), ticketId: id, visibility: 'public', body: 'Waiting for your logs.', createdAt: new Date().toISOString() });
    const waiting = await ada.db.tickets.get(id);
    expect(waiting).toMatchObject({ slaDueAt: null, slaAtRiskAt: null });
    // Paused: after every ticket that is due.
    expect((await readyQueueIndex(ada.db)).get(id)?.due).toBeGreaterThanOrEqual(PAUSED_DUE);

    await ada.goOnline(server.url);
    await ada.sync();
    expect(await ada.db.tickets.get(id)).toMatchObject({ status: 'pending_customer', slaDueAt: null });
  });

  it('survives a renderer crash with changes in the outbox: all are sent exactly once after reopening', async () => {
    let ada = await workstation('ada@demo.switchboard');
    ada.goOffline();
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const result = await ada.engine.mutate('ticket.create', newTicket({ subject: `Offline call ${i}` }));
      if (result.ok) ids.push(result.value.args.id);
    }
    ada = ada.reopen();
    open.push(ada);
    expect(await ada.engine.pendingCount()).toBe(10);
    await ada.goOnline(server.url);
    await ada.sync();
    expect(await ada.engine.pendingCount()).toBe(0);
    const stored = await server.db.selectFrom('tickets').select('id').where('id', 'in', ids).execute();
    expect(stored).toHaveLength(10);
  });

  it('drains a large outbox with the next batch sent while the server applies the one before, each change applied once, and recovers when a batch in front fails', async () => {
    const ada = await workstation('ada@demo.switchboard');
    await ada.goOnline(server.url);
    await ada.sync();
    ada.goOffline();
    const ids: string[] = [];
    for (let i = 0; i < 250; i++) {
      const result = await ada.engine.mutate('ticket.create', newTicket({ subject: `Queued call ${i}` }));
      if (result.ok) ids.push(result.value.args.id);
    }
    await ada.goOnline(server.url);
    const real = socketTransport(ada.socket!, { baseUrl: server.url, token: ada.token });
    let answering = 0;
    let mostOpen = 0;
    let failNext = true;
    const sent: number[][] = [];
    const transport = {
      ...real,
      push: async (request: Parameters<typeof real.push>[0]): Promise<PushResponse> => {
        sent.push(request.mutations.map((m) => m.id));
        answering++;
        mostOpen = Math.max(mostOpen, answering);
        try {
          // The first batch is lost on its way (the server never sees it): the one behind it is a gap.
          if (failNext) {
            failNext = false;
            await new Promise((r) => setTimeout(r, 50));
            return { ok: false, error: { code: 'internal_error', message: 'lost on the way' } };
          }
          return await real.push(request);
        } finally {
          answering--;
        }
      },
    };
    await expect(ada.engine.sync(transport)).rejects.toThrow('lost on the way');
    expect(mostOpen).toBe(2);
    expect(sent[1]![0]).toBe(sent[0]!.at(-1)! + 1);
    expect(await ada.engine.pendingCount()).toBe(250);

    await ada.engine.sync(transport);
    expect(mostOpen).toBe(2);
    expect(await ada.engine.pendingCount()).toBe(0);
    const stored = await server.db.selectFrom('tickets').select('subject').where('id', 'in', ids).execute();
    expect(stored).toHaveLength(250);
    expect(new Set(stored.map((t) => t.subject)).size).toBe(250);
    const mirrored = await ada.db.tickets.bulkGet(ids);
    expect(mirrored.every((t) => t !== undefined && typeof t.number === 'number')).toBe(true);
  });

  it('catching up over several pages asks for the next page while it stores the one before, and ends holding everything', async () => {
    const { ada, ben } = await adaAndBenOnline();
    ben.goOffline();
    const ids: string[] = [];
    for (let i = 0; i < 550; i++) {
      const created = await ada.engine.mutate('ticket.create', newTicket({ subject: `Call while Ben was away ${i}` }));
      if (created.ok) ids.push(created.value.args.id);
    }
    await ada.sync();
    await ben.goOnline(server.url);
    const real = socketTransport(ben.socket!, { baseUrl: server.url, token: ben.token });
    const asked: Array<{ cursor: number; storedCursor: number }> = [];
    const transport = {
      ...real,
      pull: async (request: Parameters<typeof real.pull>[0]) => {
        asked.push({ cursor: request.cursor, storedCursor: ((await ben.db.meta.get('cursor'))?.value as number | undefined) ?? 0 });
        return real.pull(request);
      },
    };
    await ben.engine.sync(transport);
    // 550 tickets (two log entries each) are more than a page of 1,000: the page after the first was asked
    // for from the first one's end while the mirror still stood at its start.
    expect(asked.length).toBeGreaterThan(1);
    expect(asked.slice(1).some((a) => a.storedCursor < a.cursor)).toBe(true);
    expect((await ben.db.tickets.bulkGet(ids)).every((t) => t !== undefined)).toBe(true);
    expect(await ben.db.meta.get('cursor')).toEqual({ key: 'cursor', value: Number((await server.db.selectFrom('changes').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow()).seq) });
  });

  it("holds the queue's big re-reads back while it drains more than one batch, not for a single change, until the run ends, and lets go when a drain fails", async () => {
    const ada = await workstation('ada@demo.switchboard');
    await ada.goOnline(server.url);
    await ada.sync();
    const seen: boolean[] = [];
    const stop = onCatchUpChange((busy) => seen.push(busy));
    try {
      await ada.engine.mutate('ticket.create', newTicket({ subject: 'One call' }));
      await ada.sync();
      expect(seen).toEqual([]);

      ada.goOffline();
      for (let i = 0; i < 150; i++) await ada.engine.mutate('ticket.create', newTicket({ subject: `Queued call ${i}` }));
      await ada.goOnline(server.url);
      const real = socketTransport(ada.socket!, { baseUrl: server.url, token: ada.token });
      const failing = { ...real, push: async (): Promise<PushResponse> => ({ ok: false, error: { code: 'internal_error', message: 'lost on the way' } }) };
      await expect(ada.engine.sync(failing)).rejects.toThrow('lost on the way');
      expect(seen).toEqual([true, false]);
      expect(catchingUp()).toBe(false);

      // The catch-up lasts the whole run, the lease asked for after the pages included: the queue's
      // re-reads then queue up behind the engine's last requests, not ahead of them.
      await ada.db.meta.delete('lease');
      const leaseAsked: boolean[] = [];
      const leasing = { ...real, lease: (request: Parameters<typeof real.lease>[0]) => (leaseAsked.push(catchingUp()), real.lease(request)) };
      await ada.engine.sync(leasing);
      expect(leaseAsked).toEqual([true]);
      expect(seen).toEqual([true, false, true, false]);
      expect(await ada.engine.pendingCount()).toBe(0);
    } finally {
      stop();
    }
  });

  it("lets go of the queue's re-reads at once when the workstation stops the engine mid-drain, though the run goes on", async () => {
    const ada = await workstation('ada@demo.switchboard');
    await ada.goOnline(server.url);
    await ada.sync();
    ada.goOffline();
    for (let i = 0; i < 150; i++) await ada.engine.mutate('ticket.create', newTicket({ subject: `Queued before sign-out ${i}` }));
    await ada.goOnline(server.url);
    const real = socketTransport(ada.socket!, { baseUrl: server.url, token: ada.token });
    // The pushes hang, as requests do on a connection that went away with the sign-out; released, they go in order.
    let release!: () => void;
    const hung = new Promise<void>((resolve) => (release = resolve));
    let pushes = 0;
    // Pulls come in pages of 20, so the rest of the run catches up over several pages: it would hold the queue again.
    const hanging = {
      ...real,
      push: async (request: Parameters<typeof real.push>[0]) => (pushes++, hung.then(() => real.push(request))),
      pull: (request: Parameters<typeof real.pull>[0]) => real.pull({ ...request, limit: 20 }),
    };
    const seen: boolean[] = [];
    const stopWatching = onCatchUpChange((busy) => seen.push(busy));
    try {
      const run = ada.engine.sync(hanging);
      await vi.waitFor(() => expect(pushes).toBeGreaterThanOrEqual(1));
      expect(catchingUp()).toBe(true);
      ada.engine.stop();
      expect(catchingUp()).toBe(false);
      // The run carries on when its request returns, and never holds the re-reads again.
      release();
      await run;
      expect(await ada.engine.pendingCount()).toBe(0);
      expect(seen).toEqual([true, false]);
    } finally {
      stopWatching();
    }
  });

  /**
   * Ada drains 152 changes, one an escalation 30th in line; the reply to the batch holding it is held until a
   * page past it is stored. With `answersPerPull`, each pull brings only that many of the server's answers.
   */
  async function drainOvertakingAnEscalation(answersPerPull?: number) {
    const { ada, id } = await ticketBothHold();
    const before = (await ada.db.tickets.get(id))!.escalationLevel;
    ada.goOffline();
    for (let i = 0; i < 29; i++) await ada.engine.mutate('ticket.create', newTicket({ subject: `Drained call ${i}` }));
    const escalated = await ada.engine.mutate('ticket.escalate', { id, eventId: newId(), handoverNote: 'Caller wants a supervisor.', customerUpdate: null });
    if (!escalated.ok) throw new Error('escalation refused offline');
    // Refused by the server (no such ticket): its answer reaches the engine by the pull and by the push.
    await ada.engine.mutate('ticket.setStatus', { id: newId(), to: 'on_hold' });
    for (let i = 29; i < 150; i++) await ada.engine.mutate('ticket.create', newTicket({ subject: `Drained call ${i}` }));
    await ada.goOnline(server.url);
    const real = socketTransport(ada.socket!, { baseUrl: server.url, token: ada.token });
    let seen = { level: -1, cursor: 0, escalatedAt: Infinity };
    let firstBatch = true;
    const transport = {
      ...real,
      push: async (request: Parameters<typeof real.push>[0]): Promise<PushResponse> => {
        const reply = await real.push(request);
        if (firstBatch && reply.ok) {
          firstBatch = false;
          const escalatedAt = reply.outcomes.find((o) => o.id === escalated.value.mutationId)!.changeSeq;
          for (let i = 0; i < 200 && (await ada.engine.meta()).cursor < escalatedAt; i++) await new Promise((r) => setTimeout(r, 25));
          seen = { level: (await ada.db.tickets.get(id))!.escalationLevel, cursor: (await ada.engine.meta()).cursor, escalatedAt };
        }
        return reply;
      },
      pull: async (request: Parameters<typeof real.pull>[0]) => {
        const page = await real.pull(request);
        return page.ok && page.outcomes && answersPerPull !== undefined ? { ...page, outcomes: page.outcomes.slice(0, answersPerPull) } : page;
      },
    };
    await ada.engine.sync(transport);
    const onServer = await server.db.selectFrom('tickets').select('escalation_level').where('id', '=', id).executeTakeFirstOrThrow();
    expect(onServer.escalation_level).toBe(before + 1);
    // A page holding the escalation was stored while its push had no answer yet, and showed it once.
    expect(seen.cursor).toBeGreaterThanOrEqual(seen.escalatedAt);
    expect(seen.level).toBe(before + 1);
    expect((await ada.db.tickets.get(id))!.escalationLevel).toBe(before + 1);
    expect(await ada.engine.pendingCount()).toBe(0);
    const conflicts = await ada.db.conflicts.toArray();
    expect(conflicts.filter((c) => c.name === 'ticket.setStatus')).toHaveLength(1);
  }

  it('a pull that overtakes the answer to an escalation pushed in a drain shows it once, and a refusal carried both ways is listed once', async () => {
    await drainOvertakingAnEscalation();
  });

  it('a pull whose answers stop short of what the server applied is not stored until the rest of the answers come', async () => {
    await drainOvertakingAnEscalation(10);
  });

  it('a refused change disappears from the view after confirmation and is kept in the conflict list', async () => {
    const ada = await workstation('ada@demo.switchboard');
    await ada.goOnline(server.url);
    const created = await ada.engine.mutate('ticket.create', newTicket());
    if (!created.ok) throw new Error('create failed');
    await ada.sync();
    const id = created.value.args.id;
    // Another agent resolves it first; Ada, offline, puts it on hold.
    const ben = await workstation('ben@demo.switchboard');
    await ben.goOnline(server.url);
    await ben.sync();
    await ben.engine.mutate('ticket.setStatus', { id, to: 'resolved', resolutionSummary: 'Reinstalled the driver' });
    await ben.sync();
    ada.goOffline();
    await ada.engine.mutate('ticket.setStatus', { id, to: 'on_hold' });
    expect((await ada.db.tickets.get(id))?.status).toBe('on_hold');
    await ada.goOnline(server.url);
    await ada.sync();
    expect((await ada.db.tickets.get(id))?.status).toBe('resolved');
    const conflicts = await ada.db.conflicts.toArray();
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ name: 'ticket.setStatus', args: { id, to: 'on_hold' }, error: { code: 'rejected' } });
  });

  it('an edit that loses to a later one reverts to the server value and the agent is told', async () => {
    const { ada, ben, id } = await ticketBothHold();
    const adaClock = new HybridLogicalClock((await ada.engine.meta()).clientId, () => Date.now() - 30_000);
    const benClock = new HybridLogicalClock((await ben.engine.meta()).clientId);
    ada.goOffline();
    await ada.engine.mutate('ticket.update', { id, fields: { urgency: 'high' }, hlc: adaClock.now() });
    await ben.engine.mutate('ticket.update', { id, fields: { urgency: 'low' }, hlc: benClock.now() });
    await ben.sync();
    await ada.goOnline(server.url);
    await ada.sync();
    expect((await ada.db.tickets.get(id))?.urgency).toBe('low');
    const [lost] = await ada.db.conflicts.toArray();
    expect(lost?.conflicts).toEqual([expect.objectContaining({ field: 'urgency', yourValue: 'high', keptValue: 'low' })]);

    // The conflict center keeps what Ada wrote and says why it lost; re-applying makes it the latest edit.
    expect(writtenContent(lost!)).toEqual(['urgency: high']);
    expect(conflictReason(lost!)).toBe("Another agent's later edit won: urgency kept as low (a later edit).");
    expect(await reapplyConflict(ada.engine, lost!)).toEqual({ ok: true });
    expect(await ada.db.conflicts.count()).toBe(0);
    expect((await ada.db.tickets.get(id))?.urgency).toBe('high');
    await ada.sync();
    await ben.sync();
    expect((await ben.db.tickets.get(id))?.urgency).toBe('high');
    expect(await ada.db.conflicts.count()).toBe(0);
  });

  it("a colleague's edit pulled while an offline escalation is still in flight shows the escalation once, not twice, and never loses its event", async () => {
    const { ada, ben, id } = await ticketBothHold();
    const level = (await ada.db.tickets.get(id))!.escalationLevel;
    ada.goOffline();
    const eventId = newId();
    await ada.engine.mutate('ticket.escalate', { id, eventId, handoverNote: 'Caller needs a specialist today', customerUpdate: null });
    await ben.engine.mutate('ticket.update', { id, fields: { urgency: 'high' }, hlc: new HybridLogicalClock((await ben.engine.meta()).clientId).now() });
    await ben.sync();
    await ada.goOnline(server.url);
    // One change per page: the colleague's edit arrives while the escalation is acknowledged, not yet confirmed,
    // and the row is rebuilt from the new server version plus the escalation in flight.
    const shown: string[] = [];
    const transport = socketTransport(ada.socket!, { baseUrl: server.url, token: ada.token });
    await ada.engine.sync({
      ...transport,
      pull: async (request) => {
        shown.push(`level ${(await ada.db.tickets.get(id))!.escalationLevel}, event ${(await ada.db.events.get(eventId)) ? 'shown' : 'missing'}`);
        return transport.pull({ ...request, limit: 1 });
      },
    });
    expect(shown.length).toBeGreaterThan(2);
    expect(new Set(shown)).toEqual(new Set([`level ${level + 1}, event shown`]));
    expect(await ada.db.tickets.get(id)).toMatchObject({ escalationLevel: level + 1, urgency: 'high' });
  });

  it("a colleague's edit pulled while an offline edit and note on the same ticket are in flight stays in the view through both confirmations", async () => {
    const { ada, ben, id } = await ticketBothHold();
    ada.goOffline();
    const hlc = new HybridLogicalClock((await ada.engine.meta()).clientId);
    await ada.engine.mutate('ticket.update', { id, fields: { subject: 'Printer offline on floor 3', description: 'Since the power cut' }, hlc: hlc.now() });
    // The note's confirmation comes on a page without the ticket's row: the row shown then is its base.
    await ada.engine.mutate('comment.add', { id: crypto.randomUUID(), ticketId: id, visibility: 'internal', body: 'Asked the caller to reboot it.', createdAt: new Date().toISOString() });
    await ben.engine.mutate('ticket.update', { id, fields: { urgency: 'high' }, hlc: new HybridLogicalClock((await ben.engine.meta()).clientId).now() });
    await ben.sync();
    await ada.goOnline(server.url);
    // One change per page: the server's row (with every edit) arrives while both of Ada's changes are in
    // flight, and each is confirmed on a later page.
    const shown: string[] = [];
    const transport = socketTransport(ada.socket!, { baseUrl: server.url, token: ada.token });
    const view = async () => {
      const row = (await ada.db.tickets.get(id))!;
      return `${row.subject} / ${row.description} / ${row.urgency}`;
    };
    await ada.engine.sync({
      ...transport,
      pull: async (request) => {
        shown.push(await view());
        return transport.pull({ ...request, limit: 1 });
      },
    });
    shown.push(await view());
    expect(shown.length).toBeGreaterThan(4);
    // Ada's own edits never leave the view; once the colleague's urgency has arrived, it stays.
    expect(shown.every((v) => v.startsWith('Printer offline on floor 3 / Since the power cut / '))).toBe(true);
    const arrived = shown.findIndex((v) => v.endsWith('/ high'));
    expect(arrived).toBeGreaterThan(-1);
    expect(shown.slice(arrived).every((v) => v.endsWith('/ high'))).toBe(true);
    expect(await ada.db.outbox.count()).toBe(0);
    expect(await ada.db.bases.count()).toBe(0);
  });

  it('a refused comment is kept in the conflict center with its text and reason; dismissing it forgets it', async () => {
    const ada = await workstation('ada@demo.switchboard');
    await ada.goOnline(server.url);
    await ada.sync();
    const foreign = await server.db.selectFrom('tickets').select('id').where('team_id', '=', 'team-billing').where('assignee_id', 'is', null).executeTakeFirstOrThrow();
    // Ada cannot see a billing ticket: the server refuses, the text stays with her.
    await ada.engine.mutate('comment.add', { id: crypto.randomUUID(), ticketId: foreign.id, visibility: 'internal', body: 'Customer called twice about this.', createdAt: new Date().toISOString() });
    await ada.sync();
    const [refused] = await ada.db.conflicts.toArray();
    expect(writtenContent(refused!)).toEqual(['internal: Customer called twice about this.']);
    expect(conflictReason(refused!)).toMatch(/No such ticket/);
    await dismissConflict(ada.db, refused!);
    expect(await ada.db.conflicts.count()).toBe(0);
  });

  it('rebuilds the mirror when the server asks for a resync, keeping unsent changes', async () => {
    const ada = await workstation('ada@demo.switchboard');
    await ada.goOnline(server.url);
    await ada.sync();
    ada.goOffline();
    const created = await ada.engine.mutate('ticket.create', newTicket({ subject: 'Typed during the outage' }));
    if (!created.ok) throw new Error('create failed');
    await ada.db.meta.put({ key: 'cursor', value: 1 });
    const top = await server.db.selectFrom('changes').select((eb) => eb.fn.max('seq').as('s')).executeTakeFirstOrThrow();
    await server.db.insertInto('sync_meta').values({ key: 'retained_from_seq', value: String(Number(top.s) - 1) }).execute();
    try {
      await ada.goOnline(server.url);
      await expect(ada.sync()).resolves.toBeUndefined();
    } finally {
      await server.db.deleteFrom('sync_meta').where('key', '=', 'retained_from_seq').execute();
    }
    // Pulled again from the start of the retained log, with the unsent ticket pushed and kept.
    expect(await ada.engine.pendingCount()).toBe(0);
    expect((await ada.db.tickets.get(created.value.args.id))?.subject).toBe('Typed during the outage');
  });

  it('starts a bootstrap over when the server no longer knows where it stopped (restored from a backup meanwhile), keeping unsent changes', async () => {
    const ada = await workstation('ada@demo.switchboard');
    await ada.goOnline(server.url);
    await ada.sync();
    ada.goOffline();
    const created = await ada.engine.mutate('ticket.create', newTicket({ subject: 'Typed while the server was restored' }));
    if (!created.ok) throw new Error('create failed');
    // A bootstrap stopped midway whose position the restored server never gave out (its snapshot is ahead of the
    // server's log), and a ticket stored by it that the restored server does not have.
    const top = await server.db.selectFrom('changes').select((eb) => eb.fn.max('seq').as('s')).executeTakeFirstOrThrow();
    await ada.db.meta.put({ key: 'bootstrap', value: { done: false, snapshotSeq: Number(top.s) + 500, next: '1:' } });
    const goneWithTheBackup = mirrorTicket(1, { subject: 'Only in the lost hour' });
    await ada.db.tickets.put(goneWithTheBackup);
    await ada.goOnline(server.url);
    // The connection drops just as the bootstrap would start over: the mirror is left as it was.
    const transport = socketTransport(ada.socket!, { baseUrl: server.url, token: ada.token });
    const droppedBeforeTheFirstPage = { ...transport, bootstrap: (request: Parameters<typeof transport.bootstrap>[0]) => (request.after ? transport.bootstrap(request) : Promise.reject(new OfflineError('cable pulled'))) };
    await expect(ada.engine.sync(droppedBeforeTheFirstPage)).rejects.toThrow(OfflineError);
    expect((await ada.db.tickets.get(goneWithTheBackup.id))?.subject).toBe('Only in the lost hour');
    expect(await ada.engine.pendingCount()).toBe(1);
    await expect(ada.sync()).resolves.toBeUndefined();
    expect(await ada.db.tickets.get(goneWithTheBackup.id)).toBeUndefined();
    expect(await ada.engine.pendingCount()).toBe(0);
    expect((await ada.db.tickets.get(created.value.args.id))?.subject).toBe('Typed while the server was restored');
    const visible = await server.db
      .selectFrom('tickets')
      .select('id')
      .where((eb) => eb.or([eb('team_id', '=', 'team-technical'), eb('assignee_id', '=', ada.userId)]))
      .execute();
    expect((await ada.db.tickets.toCollection().primaryKeys()).sort()).toEqual(visible.map((t) => t.id).sort());
    expect((await ada.db.meta.get('bootstrap'))?.value).toEqual({ done: true });
  });

  it('a resync at the end of a drain reloads the mirror with its first page not held back by the drain', async () => {
    const ada = await workstation('ada@demo.switchboard');
    await ada.goOnline(server.url);
    await ada.sync();
    ada.goOffline();
    const ids: string[] = [];
    for (let i = 0; i < 150; i++) {
      const created = await ada.engine.mutate('ticket.create', newTicket({ subject: `Queued before the resync ${i}` }));
      if (created.ok) ids.push(created.value.args.id);
    }
    await ada.db.meta.put({ key: 'cursor', value: 1 });
    const top = await server.db.selectFrom('changes').select((eb) => eb.fn.max('seq').as('s')).executeTakeFirstOrThrow();
    await server.db.insertInto('sync_meta').values({ key: 'retained_from_seq', value: String(Number(top.s) - 1) }).execute();
    try {
      await ada.goOnline(server.url);
      const real = socketTransport(ada.socket!, { baseUrl: server.url, token: ada.token });
      // Whether the queue's re-reads were held (a catch-up) when the reload asked for its first page.
      const heldAtFirstPage: boolean[] = [];
      const watched = { ...real, bootstrap: (request: Parameters<typeof real.bootstrap>[0]) => (request.after ? undefined : heldAtFirstPage.push(catchingUp()), real.bootstrap(request)) };
      await ada.engine.sync(watched);
      expect(heldAtFirstPage).toEqual([false]);
    } finally {
      await server.db.deleteFrom('sync_meta').where('key', '=', 'retained_from_seq').execute();
    }
    expect(catchingUp()).toBe(false);
    expect(await ada.engine.pendingCount()).toBe(0);
    expect((await ada.db.tickets.bulkGet(ids)).every((t) => t?.subject.startsWith('Queued before the resync'))).toBe(true);
  });

  it('stores the change a poke carries without pulling, pulls when a poke does not follow on from its cursor, and skips a bare poke it has passed', async () => {
    const { ada, ben, id } = await ticketBothHold();
    const bare = socketTransport(ben.socket!, { baseUrl: server.url, token: ben.token });
    let pulls = 0;
    const counted = { ...bare, pull: (request: Parameters<typeof bare.pull>[0]) => (pulls++, bare.pull(request)) };
    const clock = new HybridLogicalClock((await ada.engine.meta()).clientId);
    /** Ada edits the ticket and syncs; resolves with the poke Ben's socket receives for it. */
    const adaEdits = async (fields: MutationArgs<'ticket.update'>['fields']) => {
      const poked = new Promise<SyncPoke>((resolve) => ben.socket!.once('sync:poke', resolve));
      await ada.engine.mutate('ticket.update', { id, fields, hlc: clock.now() });
      await ada.sync();
      return poked;
    };

    const first = await adaEdits({ urgency: 'high' });
    expect(first.page?.from).toBe((await ben.engine.meta()).cursor);
    await ben.engine.sync(counted, first);
    expect(pulls).toBe(0);
    expect((await ben.db.tickets.get(id))?.urgency).toBe('high');
    expect((await ben.engine.meta()).cursor).toBe(first.page!.cursor);

    // Ben's workstation misses a poke (its page is never stored): the next one does not follow on, so it pulls both.
    await adaEdits({ impact: 'high' });
    const third = await adaEdits({ subject: 'Printer offline on floor 3' });
    expect(third.page?.from).toBeGreaterThan((await ben.engine.meta()).cursor);
    await ben.engine.sync(counted, third);
    expect(pulls).toBeGreaterThan(0);
    expect(await ben.db.tickets.get(id)).toMatchObject({ impact: 'high', subject: 'Printer offline on floor 3' });

    // A bare poke (no page: too big, or the socket's checks failed) for what the mirror holds costs nothing;
    // one past its cursor pulls.
    const pulled = pulls;
    await ben.engine.sync(counted, { seq: (await ben.engine.meta()).cursor });
    expect(pulls).toBe(pulled);
    const fourth = await adaEdits({ urgency: 'low' });
    await ben.engine.sync(counted, { seq: fourth.seq });
    expect(pulls).toBeGreaterThan(pulled);
    expect((await ben.db.tickets.get(id))?.urgency).toBe('low');
  });

  it('a poke with nothing to do (sequence 0, or none at all) leaves the engine free to sync the next change', async () => {
    const { ada, ben, id } = await ticketBothHold();
    const transport = socketTransport(ben.socket!, { baseUrl: server.url, token: ben.token });
    await ben.engine.sync(transport, { seq: 0 });
    await ben.engine.sync(transport, { seq: undefined } as unknown as SyncPoke);
    const clock = new HybridLogicalClock((await ada.engine.meta()).clientId);
    await ada.engine.mutate('ticket.update', { id, fields: { urgency: 'high' }, hlc: clock.now() });
    await ada.sync();
    await ben.engine.sync(transport);
    expect((await ben.db.tickets.get(id))?.urgency).toBe('high');
  });

  it('refuses invalid input before it reaches the outbox, with a typed reason', async () => {
    const ada = await workstation('ada@demo.switchboard');
    const result = await ada.engine.mutate('ticket.create', newTicket({ subject: '' }));
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await ada.engine.pendingCount()).toBe(0);
  });
});
