import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { newId } from '../../../core/ids';
import type { SyncedTicket } from '../../../core/protocol/sync-messages';
import { QUEUES, queueCounts, type QueueId } from '../../../renderer/queues/queue-definitions';
import { QueueIndex, queueIndex, readyQueueIndex, releaseQueueIndex } from '../../../renderer/queues/queue-index';
import { HEAD_SNAPSHOT_KEY, readWholeSnapshot, SNAPSHOT_KEY } from '../../../renderer/queues/queue-snapshot-store';
import { NO_FILTERS, queueView } from '../../../renderer/queues/queue-view';
import { forgetEarlyQueueRead, readQueue, startEarlyQueueRead, takeEarlyQueueRead, type QueueAsked } from '../../../renderer/queues/queue-read';
import { openMirrorDb, type MirrorDb } from '../../../renderer/sync/mirror-db';
import { releaseUserMirror } from '../../../renderer/sync/user-mirror';
import { onTablesWritten } from '../../../renderer/sync/tables-written';
import { beginCatchUp } from '../../../renderer/sync/catch-up-pace';
import { mirrorTicket } from '../../support/mirror-ticket';

const viewer = { id: 'me', role: 'agent' as const, teamIds: ['t1'] };
const NOW = '2026-01-05T00:00:00.000Z';

const ticket = mirrorTicket;

const keys = (db: MirrorDb, id: QueueId) => QUEUES.find((q) => q.id === id)!.keys(db, viewer, NOW);
const count = async (db: MirrorDb, id: QueueId) => (await queueCounts(db, viewer, NOW, QUEUES))[QUEUES.findIndex((q) => q.id === id)];

/** One browser profile: the same IndexedDB, opened again as a reload would. */
function profile() {
  const indexedDB = new IDBFactory();
  const name = `queue-index-${newId()}`;
  return () => openMirrorDb(name, { indexedDB, IDBKeyRange });
}

/** The keys of the stored parts of the whole queue snapshot, every save's. */
const partKeys = (db: MirrorDb) => db.snapshots.where('key').startsWith(`${SNAPSHOT_KEY}#`).primaryKeys();
const parts = async (db: MirrorDb) => (await partKeys(db)).length;

/** A mirror holding `tickets`, its queue snapshots saved, opened again as a reload would. */
async function reloadedWith(tickets: readonly SyncedTicket[]): Promise<MirrorDb> {
  const open = profile();
  const before = open();
  await before.tickets.bulkPut([...tickets]);
  await readyQueueIndex(before);
  await queueIndex(before).saveNow();
  before.close();
  return open();
}

describe('the in-memory queues across a reload', () => {
  it('come back from their snapshot with every ticket written after it, and lose one deleted before the next save', async () => {
    const open = profile();
    const before = open();
    const [first, second, third] = [ticket(3), ticket(1), ticket(2)];
    await before.tickets.bulkPut([first!, second!, third!]);
    expect(await keys(before, 'my-work')).toEqual([second!.id, third!.id, first!.id]);
    await queueIndex(before).saveNow();
    // After the snapshot: a new ticket, one resolved, one deleted (it left the agent's view), and the window closes
    // before the next save.
    const late = ticket(0);
    await before.tickets.put(late);
    await before.tickets.update(third!.id, { status: 'resolved' });
    await before.tickets.delete(first!.id);
    before.close();

    const after = open();
    expect(await after.snapshots.get(SNAPSHOT_KEY)).toBeDefined();
    expect(await keys(after, 'my-work')).toContain(late.id);
    expect(await keys(after, 'done')).toEqual([third!.id]);
    // The delete is found by comparing the stored ids with the snapshot's, once the first screen is up.
    await vi.waitFor(async () => expect(await keys(after, 'my-work')).toEqual([late.id, second!.id]), { timeout: 6_000, interval: 100 });
    expect(await count(after, 'all-open')).toBe(2);
    after.close();
  });

  it('closed for good before their reconcile comes due, leave no failure behind', async () => {
    const reconcileAfterMs = QueueIndex.reconcileAfterMs;
    QueueIndex.reconcileAfterMs = 20;
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const reloaded = await reloadedWith([ticket(1), ticket(2)]);
      expect(await keys(reloaded, 'my-work')).toHaveLength(2);
      reloaded.close();
      // Past the reconcile's time, and a turn more for a rejection to be reported.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      QueueIndex.reconcileAfterMs = reconcileAfterMs;
    }
  });

  it('let go of a mirror the workstation closes: no save, reconcile or other window opens it again, and nothing written is lost', async () => {
    const reconcileAfterMs = QueueIndex.reconcileAfterMs;
    QueueIndex.reconcileAfterMs = 20;
    try {
      const open = profile();
      const before = open();
      const stored = [ticket(1), ticket(2)];
      await before.tickets.bulkPut(stored);
      await readyQueueIndex(before);
      await queueIndex(before).saveNow();
      before.close();
      const signedIn = open();
      const otherWindow = open();
      expect(await keys(signedIn, 'my-work')).toHaveLength(2); // from the snapshot: a reconcile comes due in 20 ms
      const unsaved = ticket(0);
      await signedIn.tickets.put(unsaved); // a snapshot save comes due in 1.5 s
      releaseUserMirror('agent-signing-out', signedIn);
      const theirs = ticket(3);
      await otherWindow.tickets.put(theirs); // told to the window signing out
      await new Promise((resolve) => setTimeout(resolve, 1_900));
      expect(signedIn.isOpen()).toBe(false);
      otherWindow.close();
      const again = open();
      expect(new Set(await keys(again, 'my-work'))).toEqual(new Set([...stored, unsaved, theirs].map((t) => t.id)));
      again.close();
    } finally {
      QueueIndex.reconcileAfterMs = reconcileAfterMs;
    }
  });

  it('are built from the rows of a mirror stored before they existed (version 6, queues from IndexedDB indexes)', async () => {
    const indexedDB = new IDBFactory();
    const name = `queue-index-v6-${newId()}`;
    const old = new Dexie(name, { indexedDB, IDBKeyRange });
    old.version(6).stores({
      tickets:
        'id, number, customerId, status, categoryId, channel, qEscalation, [qAssignee+qOpen+qDue], [qTeam+qOpen+qDue], [qOpen+qDue], [qOpen+updatedAt], [qOpen+qAtRisk+qDue], [qPriority+qDue]',
      comments: 'id, ticketId', calls: 'id, ticketId, customerId', customers: 'id, qName, *qWords, *phones, *qPhoneNational, *qPhoneReversed',
      events: 'id, ticketId', outbox: 'id', conflicts: '++id, mutationId, seen', meta: 'key', bases: 'key',
    });
    const late = ticket(2);
    const soon = ticket(1, { escalationLevel: 1, escalatedAt: '2026-01-03T00:00:00.000Z' });
    const done = ticket(3, { status: 'closed' });
    // As version 6 stored them, with their derived fields.
    await old.table('tickets').bulkPut([
      { ...late, qAssignee: 'me', qTeam: 't1', qOpen: 1, qDue: late.slaDueAt, qAtRisk: '~', qPriority: 3 },
      { ...soon, qAssignee: 'me', qTeam: 't1', qOpen: 1, qEscalation: `0${soon.escalatedAt}`, qDue: soon.slaDueAt, qAtRisk: '~', qPriority: 3 },
      { ...done, qAssignee: 'me', qTeam: 't1', qOpen: 0, qDue: done.slaDueAt, qAtRisk: '~', qPriority: 3 },
    ]);
    old.close();

    const db = openMirrorDb(name, { indexedDB, IDBKeyRange });
    expect(await keys(db, 'my-work')).toEqual([soon.id, late.id]);
    expect(await keys(db, 'escalated')).toEqual([soon.id]);
    expect(await keys(db, 'done')).toEqual([done.id]);
    // Saved once built: the next reload reads the snapshot instead of every row.
    await vi.waitFor(async () => expect(await db.snapshots.get(SNAPSHOT_KEY)).toBeDefined(), { timeout: 4_000, interval: 100 });
    db.close();
  });

  it('never show a write whose transaction failed', async () => {
    const db = profile()();
    const kept = ticket(1);
    await db.tickets.put(kept);
    await expect(
      db.transaction('rw', db.tickets, async () => {
        await db.tickets.put(ticket(0));
        await db.tickets.update(kept.id, { status: 'closed' });
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await keys(db, 'my-work')).toEqual([kept.id]);
    expect(await keys(db, 'done')).toEqual([]);
    db.close();
  });

  it('start over when the table is cleared, and a reload does not bring the old tickets back', async () => {
    const open = profile();
    const db = open();
    const gone = ticket(1);
    await db.tickets.put(gone);
    expect(await keys(db, 'my-work')).toEqual([gone.id]);
    expect(await count(db, 'my-work')).toBe(1);
    expect((await queueIndex(db).rows.read([gone.id]))[0]?.id).toBe(gone.id);
    await queueIndex(db).saveNow();
    const [fresh, other] = [ticket(2), ticket(3)];
    await db.transaction('rw', db.tickets, async () => {
      await db.tickets.clear();
      await db.tickets.bulkPut([fresh, other]);
    });
    expect(await keys(db, 'my-work')).toEqual([fresh.id, other.id]);
    // The count kept before the clear is not the count after it, and the row kept is gone with the table.
    expect(await count(db, 'my-work')).toBe(2);
    expect((await queueIndex(db).rows.read([gone.id]))[0]).toBeUndefined();
    db.close();
    const reloaded = open();
    expect(await keys(reloaded, 'my-work')).toEqual([fresh.id, other.id]);
    expect((await readyQueueIndex(reloaded)).get(gone.id)).toBeUndefined();
    reloaded.close();
  });

  it('follow the writes another window makes to the same mirror, and tell its readers', async () => {
    const open = profile();
    const here = open();
    const there = open();
    const mine = ticket(1);
    await here.tickets.put(mine);
    expect(await keys(there, 'my-work')).toEqual([mine.id]);
    let told = 0;
    const stop = onTablesWritten(there, ['tickets'], () => told++);
    const theirs = ticket(0);
    await here.tickets.put(theirs);
    await here.tickets.update(mine.id, { status: 'closed' });
    await vi.waitFor(async () => expect(await keys(there, 'my-work')).toEqual([theirs.id]), { timeout: 2_000, interval: 20 });
    expect(await keys(there, 'done')).toEqual([mine.id]);
    await here.tickets.delete(theirs.id);
    await vi.waitFor(async () => expect(await keys(there, 'my-work')).toEqual([]), { timeout: 2_000, interval: 20 });
    expect(told).toBeGreaterThan(0);
    stop();
    here.close();
    there.close();
  });

  it('keep the rows another window writes current, whether this window has loaded its queues or not', async () => {
    const open = profile();
    const here = open();
    const loaded = open();
    const cold = open();
    const shown = ticket(1);
    await here.tickets.put(shown);
    await readyQueueIndex(loaded);
    // Both windows show the row; only one has read its queues.
    for (const there of [loaded, cold]) expect((await queueIndex(there).rows.read([shown.id]))[0]?.priority).toBe('low');
    await here.tickets.update(shown.id, { priority: 'critical' });
    for (const there of [loaded, cold]) {
      await vi.waitFor(async () => expect((await queueIndex(there).rows.read([shown.id]))[0]?.priority).toBe('critical'), { timeout: 2_000, interval: 20 });
    }
    here.close();
    loaded.close();
    cold.close();
  });

  it('stay right when a ticket written many times has its old slots dropped, before and after a reload', async () => {
    const compactFrom = QueueIndex.compactFrom;
    QueueIndex.compactFrom = 4;
    try {
      const open = profile();
      const db = open();
      const [a, b, c] = [ticket(1), ticket(2), ticket(3)];
      await db.tickets.bulkPut([a!, b!, c!]);
      expect(await keys(db, 'my-work')).toEqual([a!.id, b!.id, c!.id]);
      // Orders other than SLA due, built now and changed by every write below until the compaction.
      expect(await keys(db, 'done')).toEqual([]);
      expect(await queueView(db, viewer, QUEUES.find((q) => q.id === 'my-work')!, NOW, 'updated', NO_FILTERS)).toHaveLength(3);
      // Each write moves one ticket to the front or the back, and the old slots pile up past the threshold.
      for (let round = 0; round < 6; round++) {
        await db.tickets.update(a!.id, { slaDueAt: new Date(Date.UTC(2026, 0, 2) + (round % 2 ? -1 : 10) * 60_000).toISOString() });
        await db.tickets.update(c!.id, { priority: round % 2 ? 'critical' : 'low', updatedAt: new Date(Date.UTC(2026, 0, 3, round)).toISOString() });
        await db.tickets.update(b!.id, { status: round % 2 ? 'resolved' : 'open', updatedAt: new Date(Date.UTC(2026, 0, 3, round, 30)).toISOString() });
      }
      // b was resolved last, after c's last update.
      expect(await keys(db, 'done')).toEqual([b!.id]);
      await db.tickets.update(b!.id, { status: 'open' });
      // The last round moved a first and made c critical.
      expect(await keys(db, 'my-work')).toEqual([a!.id, b!.id, c!.id]);
      expect(await queueView(db, viewer, QUEUES.find((q) => q.id === 'my-work')!, NOW, 'priority', NO_FILTERS)).toEqual([c!.id, a!.id, b!.id]);
      expect((await readyQueueIndex(db)).get(c!.id)?.priority).toBe(0);
      await queueIndex(db).saveNow();
      db.close();
      const reloaded = open();
      expect(await keys(reloaded, 'my-work')).toEqual([a!.id, b!.id, c!.id]);
      expect(await queueView(reloaded, viewer, QUEUES.find((q) => q.id === 'my-work')!, NOW, 'priority', NO_FILTERS)).toEqual([c!.id, a!.id, b!.id]);
      reloaded.close();
    } finally {
      QueueIndex.compactFrom = compactFrom;
    }
  });

  it('come back from a snapshot saved in several parts, and not from one missing a part; a shorter save leaves no part of the longer', async () => {
    const [slotsPerSnapshotPart, reconcileAfterMs] = [QueueIndex.slotsPerSnapshotPart, QueueIndex.reconcileAfterMs];
    QueueIndex.slotsPerSnapshotPart = 2;
    // No reconciliation during the test: what a reload shows comes from the snapshot or from the rows, not both.
    QueueIndex.reconcileAfterMs = 60_000;
    const open = profile();
    try {
      const all = Array.from({ length: 7 }, (_, n) => ticket(n));
      const before = open();
      await before.tickets.bulkPut(all);
      await readyQueueIndex(before);
      await queueIndex(before).saveNow();
      expect(await parts(before)).toBe(4);
      before.close();
      // A row deleted behind the index's back, as a window closed before its next save would leave it: a
      // reload from the snapshot still lists it, one from the rows does not.
      const [raw, goneBehind] = [open(), all[3]!];
      await raw.tickets.delete(goneBehind.id);
      raw.close();

      const fromSnapshot = open();
      expect(await keys(fromSnapshot, 'my-work')).toEqual(all.map((t) => t.id));
      fromSnapshot.close();

      const damaged = open();
      await damaged.snapshots.delete((await partKeys(damaged))[2]!);
      damaged.close();
      const fromRows = open();
      const left = all.filter((t) => t !== goneBehind);
      expect(await keys(fromRows, 'my-work')).toEqual(left.map((t) => t.id));
      // Its next save, after most tickets left, is two parts: none of the four before is left over.
      await fromRows.tickets.bulkDelete(left.slice(3).map((t) => t.id));
      await queueIndex(fromRows).saveNow();
      expect(await parts(fromRows)).toBe(2);
      fromRows.close();
      const shorter = open();
      expect(await keys(shorter, 'my-work')).toEqual(left.slice(0, 3).map((t) => t.id));
      shorter.close();
    } finally {
      QueueIndex.slotsPerSnapshotPart = slotsPerSnapshotPart;
      QueueIndex.reconcileAfterMs = reconcileAfterMs;
    }
  });

  it('come back whole from the save before one cut short, whose parts the next save clears', async () => {
    const slotsPerSnapshotPart = QueueIndex.slotsPerSnapshotPart;
    QueueIndex.slotsPerSnapshotPart = 1;
    const open = profile();
    try {
      const first = Array.from({ length: 5 }, (_, n) => ticket(n));
      const db = open();
      await db.tickets.bulkPut(first);
      await readyQueueIndex(db);
      await queueIndex(db).saveNow();
      expect(await parts(db)).toBe(5);
      const firstSave = ((await db.snapshots.get(SNAPSHOT_KEY))?.value as { saveId: string }).saveId;
      // More tickets, and a save the window closes on after two of its parts are stored.
      const later = Array.from({ length: 4 }, (_, n) => ticket(10 + n));
      await db.tickets.bulkPut(later);
      let partsOfCutSave = 0;
      db.snapshots.hook('creating', () => {
        if (++partsOfCutSave === 2) releaseQueueIndex(db);
      });
      await queueIndex(db).saveNow();
      expect(partsOfCutSave).toBe(2);
      db.close();

      const reloaded = open();
      expect(await parts(reloaded)).toBe(7);
      expect(((await reloaded.snapshots.get(SNAPSHOT_KEY))?.value as { saveId: string }).saveId).toBe(firstSave);
      expect((await readWholeSnapshot(reloaded))?.columns.ids).toEqual(first.map((t) => t.id));
      // The cover still names the first save's parts; the later tickets are read by their write sequence.
      expect(await keys(reloaded, 'my-work')).toEqual([...first, ...later].map((t) => t.id));
      await queueIndex(reloaded).saveNow();
      expect(await parts(reloaded)).toBe(9);
      reloaded.close();
      const again = open();
      expect(await keys(again, 'my-work')).toEqual([...first, ...later].map((t) => t.id));
      again.close();
    } finally {
      QueueIndex.slotsPerSnapshotPart = slotsPerSnapshotPart;
    }
  });

  it('save one at a time: saves asked for while one runs are one more, and two windows saving at once leave one whole snapshot', async () => {
    const slotsPerSnapshotPart = QueueIndex.slotsPerSnapshotPart;
    QueueIndex.slotsPerSnapshotPart = 2;
    const open = profile();
    try {
      const all = Array.from({ length: 6 }, (_, n) => ticket(n));
      const here = open();
      const there = open();
      await here.tickets.bulkPut(all);
      await readyQueueIndex(here);
      await readyQueueIndex(there);
      // Four more asked for once the first save has begun: they are one more save, not four.
      const saves = new Set<string>();
      let askedMeanwhile: Promise<unknown> | undefined;
      here.snapshots.hook('creating', (key) => {
        if (!String(key).startsWith(`${SNAPSHOT_KEY}#`)) return;
        saves.add(String(key).split('#')[1]!);
        // From a timer, out of the hook's transaction, as the save timer asks.
        askedMeanwhile ??= new Promise((resolve) => setTimeout(() => resolve(Promise.all(Array.from({ length: 4 }, () => queueIndex(here).saveNow()))), 0));
      });
      await queueIndex(here).saveNow();
      await askedMeanwhile;
      expect(saves.size).toBe(2);
      // Stray parts of saves that never finished, named to sort before and after any save's.
      const stray = [`${SNAPSHOT_KEY}#0#000000`, `${SNAPSHOT_KEY}#z#000000`];
      await here.snapshots.bulkPut(stray.map((key) => ({ key, value: null })));
      await Promise.all([queueIndex(here).saveNow(), queueIndex(there).saveNow()]);
      const whole = await readWholeSnapshot(here);
      expect(whole?.dueOrder.map((slot) => whole.columns.ids[slot])).toEqual(all.map((t) => t.id));
      const keysLeft = await partKeys(here);
      for (const key of stray) expect(keysLeft).not.toContain(key);
      here.close();
      there.close();
    } finally {
      QueueIndex.slotsPerSnapshotPart = slotsPerSnapshotPart;
    }
  });

  it('save the queues as they were when the save began, though tickets are written while it runs', async () => {
    const slotsPerSnapshotPart = QueueIndex.slotsPerSnapshotPart;
    QueueIndex.slotsPerSnapshotPart = 1;
    const open = profile();
    try {
      const db = open();
      const before = Array.from({ length: 4 }, (_, n) => ticket(n));
      await db.tickets.bulkPut(before);
      await readyQueueIndex(db);
      // Once the save has stored its first part: a ticket due before all of them, and the soonest moved last.
      let writing: Promise<unknown> | undefined;
      db.snapshots.hook('creating', () => {
        writing ??= new Promise((resolve) =>
          setTimeout(() => resolve(Promise.all([db.tickets.put(ticket(-5)), db.tickets.update(before[0]!.id, { slaDueAt: '2026-01-09T00:00:00.000Z' })])), 0),
        );
      });
      await queueIndex(db).saveNow();
      await writing;
      const saved = await readWholeSnapshot(db);
      expect(saved?.dueOrder.map((slot) => saved.columns.ids[slot])).toEqual(before.map((t) => t.id));
      const head = (await db.snapshots.get(HEAD_SNAPSHOT_KEY))?.value as { ids: string };
      expect(head.ids.split('\n')).toEqual(before.map((t) => t.id));
      db.close();
    } finally {
      QueueIndex.slotsPerSnapshotPart = slotsPerSnapshotPart;
    }
  });

  it('hold a save while the sync engine catches up (a drain, a bootstrap), and finish it after', async () => {
    const open = profile();
    const db = open();
    const all = Array.from({ length: 3 }, (_, n) => ticket(n));
    await db.tickets.bulkPut(all);
    await readyQueueIndex(db);
    const endCatchUp = beginCatchUp();
    let saved = false;
    const saving = queueIndex(db).saveNow().then(() => (saved = true));
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(saved).toBe(false);
      expect(await parts(db)).toBe(0);
    } finally {
      endCatchUp();
    }
    await saving;
    expect((await readWholeSnapshot(db))?.columns.size).toBe(3);
    db.close();
  });

  it('give a reload its first screen from the soonest-due tickets alone, then the whole queue', async () => {
    // More than the head snapshot holds (the 5,000 soonest due, and 100 more of each assignee and team), all in My work.
    const all = Array.from({ length: 6_000 }, (_, n) => ticket(n));
    const db = await reloadedWith(all);
    const myWork: QueueAsked = { queueId: 'my-work', sort: 'due', filters: NO_FILTERS, now: '' };
    startEarlyQueueRead(db, viewer, myWork);
    let told = 0;
    const stop = onTablesWritten(db, ['tickets'], () => told++);
    const first = await takeEarlyQueueRead(db, viewer, myWork)!;
    // The first screen: the soonest due, in order, with their rows.
    expect(first.firstScreenOnly).toBe(true);
    expect(first.ids).toEqual(all.slice(0, 5_000).map((t) => t.id));
    expect(first.head.map((t) => t?.id)).toEqual(all.slice(0, 60).map((t) => t.id));
    // Then the list hears that the whole index is there, and reads all of it.
    await vi.waitFor(() => expect(told).toBeGreaterThan(0), { timeout: 5_000, interval: 20 });
    const whole = await readQueue(db, viewer, myWork);
    expect(whole.firstScreenOnly).toBeUndefined();
    expect(whole.ids).toEqual(all.map((t) => t.id));
    stop();
    forgetEarlyQueueRead();
    db.close();
  });

  it('give a reload an empty queue from the head when it holds all of that queue, and the whole index then agrees', async () => {
    // More than the head holds, none of them mine: a supervisor's My work.
    const theirs = Array.from({ length: 6_000 }, (_, n) => ticket(n, { assigneeId: 'other', priority: n < 5_500 ? 'low' : 'high' }));
    const db = await reloadedWith(theirs);
    const myWork: QueueAsked = { queueId: 'my-work', sort: 'due', filters: NO_FILTERS, now: '' };
    startEarlyQueueRead(db, viewer, myWork);
    const first = await takeEarlyQueueRead(db, viewer, myWork)!;
    expect(first.firstScreenOnly).toBe(true);
    expect(first.ids).toEqual([]);
    expect((await readQueue(db, viewer, myWork)).ids).toEqual([]);
    forgetEarlyQueueRead();
    db.close();
    // The team's high-priority tickets are all due after the head's bound for the team: the head keeps none of
    // them, and cannot say there are none, so the first read is of the whole queue.
    const again = await reloadedWith(theirs);
    const urgent: QueueAsked = { queueId: 'team', sort: 'due', filters: { ...NO_FILTERS, priority: ['high'] }, now: '' };
    startEarlyQueueRead(again, viewer, urgent);
    const whole = await takeEarlyQueueRead(again, viewer, urgent)!;
    expect(whole.firstScreenOnly).toBeUndefined();
    expect(whole.ids).toEqual(theirs.slice(5_500).map((t) => t.id));
    forgetEarlyQueueRead();
    again.close();
  });

  it('give a reload the whole of a short queue from the head, even when its tickets are due after most others', async () => {
    // 5,500 of a colleague's, due first; then 30 of mine, after every one of them.
    const theirs = Array.from({ length: 5_500 }, (_, n) => ticket(n, { assigneeId: 'other' }));
    const mine = Array.from({ length: 30 }, (_, n) => ticket(6_000 + n));
    const db = await reloadedWith([...theirs, ...mine]);
    const myWork: QueueAsked = { queueId: 'my-work', sort: 'due', filters: NO_FILTERS, now: '' };
    startEarlyQueueRead(db, viewer, myWork);
    const first = await takeEarlyQueueRead(db, viewer, myWork)!;
    expect(first.firstScreenOnly).toBe(true);
    expect(first.ids).toEqual(mine.map((t) => t.id));
    // The team queue's first screen is the team's soonest due (all of them are in team t1).
    const team: QueueAsked = { ...myWork, queueId: 'team' };
    startEarlyQueueRead(db, viewer, team);
    const teamFirst = await takeEarlyQueueRead(db, viewer, team)!;
    expect(teamFirst.ids.slice(0, 60)).toEqual(theirs.slice(0, 60).map((t) => t.id));
    expect((await readQueue(db, viewer, team)).ids).toEqual([...theirs, ...mine].map((t) => t.id));
    forgetEarlyQueueRead();
    db.close();
  });
});
