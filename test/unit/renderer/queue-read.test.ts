import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { newId } from '../../../core/ids';
import type { SyncedTicket } from '../../../core/protocol/sync-messages';
import { openMirrorDb } from '../../../renderer/sync/mirror-db';
import {
  forgetEarlyQueueRead, peekEarlyQueueRead, queueViewKey, readQueue, startEarlyQueueRead, takeEarlyQueueRead, type QueueAsked,
} from '../../../renderer/queues/queue-read';
import { NO_FILTERS } from '../../../renderer/queues/queue-view';
import { mirrorTicket } from '../../support/mirror-ticket';

const viewer = { id: 'me', role: 'agent' as const, teamIds: ['t1'] };
const myWork: QueueAsked = { queueId: 'my-work', sort: 'due', filters: NO_FILTERS, now: '' };
const view = queueViewKey(myWork);

const ticket = mirrorTicket;

async function mirrorWith(tickets: readonly SyncedTicket[]) {
  const db = openMirrorDb(`queue-read-${newId()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.tickets.bulkPut([...tickets]);
  return db;
}

describe('the queue read a reload starts before the workstation renders', () => {
  it('reads the queue as the list would, and the list takes it once, for the same view of the same mirror', async () => {
    const mine = [ticket(2), ticket(1), ticket(3, { assigneeId: 'other' })];
    const db = await mirrorWith(mine);
    startEarlyQueueRead(db, viewer, myWork);
    const early = takeEarlyQueueRead(db, viewer, myWork);
    expect(early).not.toBeNull();
    const read = await early!;
    expect(read).toEqual(await readQueue(db, viewer, myWork));
    // Soonest due first, and the rows come with the ids.
    expect(read.ids).toEqual([mine[1]!.id, mine[0]!.id]);
    expect(read.head.map((t) => t?.subject)).toEqual(['Call 1', 'Call 2']);
    // Once only: a later read of the same view reads the mirror again, and no render shows the old one.
    expect(takeEarlyQueueRead(db, viewer, myWork)).toBeNull();
    expect(peekEarlyQueueRead(db, viewer, view)).toBeUndefined();
    db.close();
  });

  it('is shown by the first render once answered, and not for another view, mirror or person', async () => {
    const db = await mirrorWith([ticket(1)]);
    const other = await mirrorWith([ticket(1)]);
    startEarlyQueueRead(db, viewer, myWork);
    expect(peekEarlyQueueRead(db, viewer, view)).toBeUndefined();
    await vi.waitFor(() => expect(peekEarlyQueueRead(db, viewer, view)?.ids).toHaveLength(1));
    expect(peekEarlyQueueRead(db, viewer, queueViewKey({ ...myWork, queueId: 'team' }))).toBeUndefined();
    expect(peekEarlyQueueRead(other, viewer, view)).toBeUndefined();
    expect(peekEarlyQueueRead(db, { ...viewer, teamIds: ['t2'] }, view)).toBeUndefined();
    expect(peekEarlyQueueRead(db, { ...viewer, id: 'someone-else' }, view)).toBeUndefined();
    expect(takeEarlyQueueRead(db, viewer, { ...myWork, sort: 'priority' })).toBeNull();
    db.close();
    other.close();
  });

  it('is not used once a ticket was written after it began, even while it is still being read', async () => {
    const db = await mirrorWith([ticket(1)]);
    startEarlyQueueRead(db, viewer, myWork);
    // Written before the read has answered: the read may or may not hold it, so it is not used.
    await db.tickets.put(ticket(0));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(peekEarlyQueueRead(db, viewer, view)).toBeUndefined();
    expect(takeEarlyQueueRead(db, viewer, myWork)).toBeNull();
    expect((await readQueue(db, viewer, myWork)).ids).toHaveLength(2);
    db.close();
  });

  it('once the workstation has closed (a sign-out), is neither shown nor taken', async () => {
    const db = await mirrorWith([ticket(1)]);
    startEarlyQueueRead(db, viewer, myWork);
    await vi.waitFor(() => expect(peekEarlyQueueRead(db, viewer, view)).toBeDefined());
    forgetEarlyQueueRead();
    expect(peekEarlyQueueRead(db, viewer, view)).toBeUndefined();
    expect(takeEarlyQueueRead(db, viewer, myWork)).toBeNull();
    db.close();
  });
});

describe('an empty queue', () => {
  it('is a finished first screen once the mirror holds tickets, and not while the mirror is still empty', async () => {
    // A first sign-in before its first page: nothing to show yet, and rows may be on their way.
    const empty = await mirrorWith([]);
    const before = await readQueue(empty, viewer, myWork);
    expect(before.ids).toEqual([]);
    expect(before.emptyWithTickets).toBeUndefined();
    // The first page has come, and none of it is this person's: My work stays empty (a supervisor's).
    await empty.tickets.bulkPut([ticket(1, { assigneeId: 'other' }), ticket(2, { assigneeId: 'other' })]);
    const after = await readQueue(empty, viewer, myWork);
    expect(after.ids).toEqual([]);
    expect(after.emptyWithTickets).toBe(true);
    // A queue with rows is shown by its rows.
    expect((await readQueue(empty, viewer, { ...myWork, queueId: 'team' })).emptyWithTickets).toBeUndefined();
    empty.close();
  });
});
