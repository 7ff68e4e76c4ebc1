import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newId } from '../../../core/ids';
import type { SyncedTicket } from '../../../core/protocol/sync-messages';
import { PRIORITIES } from '../../../core/ticket/priority';
import { TICKET_STATUSES, DONE_STATUSES } from '../../../core/ticket/status';
import { QUEUES, type QueueId } from '../../../renderer/queues/queue-definitions';
import { openMirrorDb } from '../../../renderer/sync/mirror-db';

const viewer = { id: 'me', role: 'agent' as const, teamIds: ['t1', 't2'] };

/** The queues' meaning, written plainly over an array: what the indexed queries must agree with. */
const EXPECTED: Record<QueueId, (t: SyncedTicket) => boolean> = {
  'my-work': (t) => t.assigneeId === 'me' && !DONE_STATUSES.has(t.status),
  team: (t) => t.teamId !== null && viewer.teamIds.includes(t.teamId) && !DONE_STATUSES.has(t.status),
  unassigned: (t) => t.assigneeId === null && !DONE_STATUSES.has(t.status),
  escalated: (t) => t.escalationLevel > 0 && !DONE_STATUSES.has(t.status),
  'all-open': (t) => !DONE_STATUSES.has(t.status),
  done: (t) => DONE_STATUSES.has(t.status),
};

const ticket = fc.record({
  teamId: fc.constantFrom('t1', 't2', 't3', null),
  assigneeId: fc.constantFrom('me', 'other', null),
  status: fc.constantFrom(...TICKET_STATUSES),
  priority: fc.constantFrom(...PRIORITIES),
  escalationLevel: fc.integer({ min: 0, max: 2 }),
  createdAt: fc.integer({ min: 0, max: 1_000_000 }).map((n) => new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString()),
  updatedAt: fc.integer({ min: 0, max: 1_000_000 }).map((n) => new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString()),
});

describe('queues from indexed Dexie queries', () => {
  it('list exactly the tickets each queue means, in due order (done: latest first), with matching counts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(ticket, { maxLength: 60 }), async (partials) => {
        const db = openMirrorDb(`queues-${newId()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
        const tickets: SyncedTicket[] = partials.map((p, i) => ({
          id: newId(), number: 1000 + i, subject: 's', description: '', channel: 'phone', categoryId: 'technical',
          impact: 'low', urgency: 'low', tier: 1, customerId: null, tags: [], resolutionSummary: null,
          firstRespondedAt: null, resolvedAt: null, closedAt: null, reopenCount: 0, version: 1, ...p,
        }));
        await db.tickets.bulkPut(tickets);
        for (const queue of QUEUES) {
          const byDue = (a: SyncedTicket, b: SyncedTicket) => (queue.id === 'done' ? b.updatedAt.localeCompare(a.updatedAt) || b.id.localeCompare(a.id) : a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
          const expected = tickets.filter(EXPECTED[queue.id]).sort(byDue).map((t) => t.id);
          expect(await queue.keys(db, viewer), queue.id).toEqual(expected);
          expect(await queue.count(db, viewer), queue.id).toBe(expected.length);
        }
        db.close();
      }),
      { numRuns: 40 },
    );
  });
});
