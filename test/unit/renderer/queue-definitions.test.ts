import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newId } from '../../../core/ids';
import type { SyncedTicket } from '../../../core/protocol/sync-messages';
import { PRIORITIES, priorityRank } from '../../../core/ticket/priority';
import { TICKET_STATUSES, DONE_STATUSES } from '../../../core/ticket/status';
import { QUEUES, queueCounts, unacknowledgedCount, type QueueId } from '../../../renderer/queues/queue-definitions';
import { openMirrorDb } from '../../../renderer/sync/mirror-db';
import { QUEUE_SORTS, queueView, type QueueFilters, type QueueSort } from '../../../renderer/queues/queue-view';

const viewer = { id: 'me', role: 'agent' as const, teamIds: ['t1', 't2'] };
const NOW = '2026-01-05T00:00:00.000Z';
const dueKey = (t: SyncedTicket) => t.slaDueAt ?? `~${t.createdAt}`;
/** Code-unit order, as IndexedDB compares strings (localeCompare would put "~" first). */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The queues' meaning, written plainly over an array: what the indexed queries must agree with. */
const EXPECTED: Record<QueueId, (t: SyncedTicket) => boolean> = {
  'my-work': (t) => t.assigneeId === 'me' && !DONE_STATUSES.has(t.status),
  team: (t) => t.teamId !== null && viewer.teamIds.includes(t.teamId) && !DONE_STATUSES.has(t.status),
  unassigned: (t) => t.assigneeId === null && !DONE_STATUSES.has(t.status),
  'at-risk': (t) => t.slaAtRiskAt !== null && t.slaAtRiskAt <= NOW && !DONE_STATUSES.has(t.status),
  escalated: (t) => t.escalationLevel > 0 && !DONE_STATUSES.has(t.status),
  breached: (t) => t.teamId !== null && viewer.teamIds.includes(t.teamId) && t.slaDueAt !== null && t.slaDueAt < NOW && !DONE_STATUSES.has(t.status),
  'all-open': (t) => !DONE_STATUSES.has(t.status),
  done: (t) => DONE_STATUSES.has(t.status),
};

const ticket = fc.record({
  teamId: fc.constantFrom('t1', 't2', 't3', null),
  assigneeId: fc.constantFrom('me', 'other', null),
  status: fc.constantFrom(...TICKET_STATUSES),
  priority: fc.constantFrom(...PRIORITIES),
  escalationLevel: fc.integer({ min: 0, max: 2 }),
  escalatedAt: fc.option(fc.integer({ min: 0, max: 20_000 }).map((n) => new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString())),
  escalationAcknowledgedAt: fc.option(fc.constant('2026-01-02T00:00:00.000Z')),
  createdAt: fc.integer({ min: 0, max: 1_000_000 }).map((n) => new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString()),
  updatedAt: fc.integer({ min: 0, max: 1_000_000 }).map((n) => new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString()),
  slaDueAt: fc.option(fc.integer({ min: 0, max: 20_000 }).map((n) => new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString())),
  slaAtRiskAt: fc.option(fc.integer({ min: 0, max: 20_000 }).map((n) => new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString())),
  categoryId: fc.constantFrom('technical', 'billing'),
  channel: fc.constantFrom('phone' as const, 'email' as const),
});

/** A later write: ticket `at` (modulo how many there are) deleted, or written again with these fields. */
const laterWrite = fc.record({ at: fc.nat(), change: ticket, remove: fc.boolean() });

function syncedTicket(fields: Partial<SyncedTicket>, i: number): SyncedTicket {
  return {
    id: newId(), number: 1000 + i, subject: 's', description: '', teamId: null, assigneeId: null, status: 'new', priority: 'low',
    escalationLevel: 0, escalatedAt: null, escalationAcknowledgedAt: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
    slaDueAt: null, slaAtRiskAt: null, categoryId: 'technical', channel: 'phone',
    impact: 'low', urgency: 'low', tier: 1, customerId: null, tags: [], resolutionSummary: null,
    firstRespondedAt: null, resolvedAt: null, closedAt: null, reopenCount: 0, version: 1, escalationAcknowledgedBy: null, ...fields,
  };
}

describe('queues from the in-memory queue index', () => {
  it('list exactly the tickets each queue means, in SLA due order (paused last; done: latest first; escalated: unacknowledged, then longest waiting, first), with matching counts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(ticket, { maxLength: 60 }), fc.array(laterWrite, { maxLength: 20 }), async (partials, writes) => {
        const db = openMirrorDb(`queues-${newId()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
        const stored = new Map(partials.map((p, i) => [i, syncedTicket(p, i)]));
        await db.tickets.bulkPut([...stored.values()]);
        // The counts are kept from here on: every later write must move them as the tickets moved.
        await queueCounts(db, viewer, NOW, QUEUES);
        await unacknowledgedCount(db);
        for (const { at, change, remove } of writes) {
          const key = partials.length > 0 ? at % partials.length : at;
          const was = stored.get(key);
          if (remove && was) {
            await db.tickets.delete(was.id);
            stored.delete(key);
          } else {
            // The same ticket written again with other fields, or a new ticket.
            const next = { ...syncedTicket(change, 2000 + key), ...(was ? { id: was.id, number: was.number } : {}) };
            await db.tickets.put(next);
            stored.set(key, next);
          }
        }
        const tickets = [...stored.values()];
        // Escalations: nobody has taken it on before somebody has, then the longest waiting first.
        const waiting = (t: SyncedTicket) => `${t.escalationAcknowledgedAt ? 1 : 0}${t.escalatedAt ?? t.updatedAt}`;
        const counts = await queueCounts(db, viewer, NOW, QUEUES);
        for (const [i, queue] of QUEUES.entries()) {
          const byDue = (a: SyncedTicket, b: SyncedTicket) =>
            queue.id === 'done'
              ? b.updatedAt.localeCompare(a.updatedAt) || b.id.localeCompare(a.id)
              : queue.id === 'escalated'
                ? cmp(waiting(a), waiting(b)) || a.id.localeCompare(b.id)
                : cmp(dueKey(a), dueKey(b)) || a.id.localeCompare(b.id);
          const expected = tickets.filter(EXPECTED[queue.id]).sort(byDue).map((t) => t.id);
          expect(await queue.keys(db, viewer, NOW), queue.id).toEqual(expected);
          expect(counts[i], queue.id).toBe(expected.length);
        }
        expect(await unacknowledgedCount(db)).toBe(tickets.filter((t) => EXPECTED.escalated(t) && !t.escalationAcknowledgedAt).length);
        db.close();
      }),
      { numRuns: 40 },
    );
  });

  it('count again from the tickets when the clock moves on: a ticket past its at-risk mark joins At risk with no write', async () => {
    const db = openMirrorDb(`queues-${newId()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
    const atRisk = QUEUES.findIndex((q) => q.id === 'at-risk');
    const soon = { ...syncedTicket({ status: 'open', slaAtRiskAt: '2026-01-05T00:10:00.000Z', slaDueAt: '2026-01-05T01:00:00.000Z' }, 1) };
    await db.tickets.put(soon);
    expect((await queueCounts(db, viewer, NOW, QUEUES))[atRisk]).toBe(0);
    expect((await queueCounts(db, viewer, '2026-01-05T00:10:00.000Z', QUEUES))[atRisk]).toBe(1);
    db.close();
  });
});

describe('queue filters and sorts', () => {
  const filterArb = fc.record({
    priority: fc.subarray([...PRIORITIES]),
    status: fc.subarray([...TICKET_STATUSES]),
    categoryId: fc.subarray(['technical', 'billing']),
    channel: fc.subarray(['phone', 'email'] as const),
    teamId: fc.subarray(['t1', 't2', '']),
    assigneeId: fc.subarray(['me', 'other', '']),
  });
  const MATCH: Record<keyof QueueFilters, (t: SyncedTicket) => string> = {
    priority: (t) => t.priority, status: (t) => t.status, categoryId: (t) => t.categoryId, channel: (t) => t.channel,
    teamId: (t) => t.teamId ?? '', assigneeId: (t) => t.assigneeId ?? '',
  };
  const ORDER: Record<QueueSort, (a: SyncedTicket, b: SyncedTicket) => number> = {
    due: () => 0,
    priority: (a, b) => priorityRank(a.priority) - priorityRank(b.priority) || cmp(dueKey(a), dueKey(b)) || a.id.localeCompare(b.id),
    updated: (a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id.localeCompare(a.id),
    created: (a, b) => b.id.localeCompare(a.id),
  };

  it('keep only tickets matching every active filter (any of its values) and order them as chosen', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(ticket, { maxLength: 50 }), filterArb, fc.constantFrom(...QUEUE_SORTS), fc.constantFrom<QueueId>('all-open', 'done'), async (partials, filters, sort, queueId) => {
        const db = openMirrorDb(`view-${newId()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
        const tickets: SyncedTicket[] = partials.map((p, i) => ({
          id: newId(), number: 1000 + i, subject: 's', description: '', impact: 'low', urgency: 'low', tier: 1, customerId: null, tags: [],
          resolutionSummary: null, firstRespondedAt: null, resolvedAt: null, closedAt: null, reopenCount: 0, version: 1, escalationAcknowledgedBy: null, ...p,
        }));
        await db.tickets.bulkPut(tickets);
        const queue = QUEUES.find((q) => q.id === queueId)!;
        const inQueue = await queue.keys(db, viewer, NOW);
        const byId = new Map(tickets.map((t) => [t.id, t]));
        const kept = inQueue
          .map((id) => byId.get(id)!)
          .filter((t) => (Object.keys(MATCH) as Array<keyof QueueFilters>).every((f) => filters[f].length === 0 || (filters[f] as readonly string[]).includes(MATCH[f](t))));
        const expected = (sort === 'due' ? kept : [...kept].sort(ORDER[sort])).map((t) => t.id);
        expect(await queueView(db, viewer, queue, NOW, sort, filters)).toEqual(expected);
        db.close();
      }),
      { numRuns: 40 },
    );
  });
});
