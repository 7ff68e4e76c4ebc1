import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { newId } from '../../../core/ids';
import type { TicketEvent } from '../../../core/ticket/ticket-event';
import { openMirrorDb } from '../../../renderer/sync/mirror-db';
import { allHistory, ticketHistories, ticketHistory } from '../../../renderer/tickets/ticket-history';

const event = (ticketId: string, kind: TicketEvent['kind'], data: Record<string, unknown> = {}): TicketEvent => ({ id: newId(), ticketId, kind, actorId: null, at: new Date().toISOString(), data });

describe("a ticket's history in the mirror", () => {
  it("is what its bootstrap brought and what came since, once each, oldest first, the later copy winning", async () => {
    const db = openMirrorDb(`history-${newId()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
    const [created, routed, escalated] = [event('t1', 'created'), event('t1', 'routed', { to: 'team-a' }), event('t1', 'escalated')];
    const other = event('t2', 'created');
    await db.timelines.bulkPut([{ ticketId: 't1', events: [created, routed] }, { ticketId: 't2', events: [other] }]);
    // Pulled since: a new entry, and the server's copy of one the bootstrap brought.
    const routedAgain = { ...routed, data: { to: 'team-b' } };
    await db.events.bulkPut([escalated, routedAgain]);
    expect(await ticketHistory(db, 't1')).toStrictEqual([created, routedAgain, escalated]);
    expect(await ticketHistories(db, ['t2', 't1', 'none'])).toStrictEqual([other, created, routedAgain, escalated]);
    expect(await allHistory(db)).toStrictEqual([created, routedAgain, escalated, other]);
    db.close();
  });
});
