import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { newId } from '../../../core/ids';
import type { MirrorTicket } from '../../../renderer/queues/queue-fields';
import { queueIndex } from '../../../renderer/queues/queue-index';
import { TicketRows } from '../../../renderer/queues/ticket-rows';
import { openMirrorDb } from '../../../renderer/sync/mirror-db';
import { mirrorTicket } from '../../support/mirror-ticket';

/** A mirror read by hand: each read waits until the test answers it, as a slow IndexedDB would. */
function slowMirror(stored: Map<string, MirrorTicket>) {
  const answers: Array<() => void> = [];
  const reads: string[][] = [];
  const read = vi.fn((ids: string[]) => {
    reads.push(ids);
    // What the mirror holds when the read runs, handed back when the test says so.
    const found = ids.map((id) => stored.get(id));
    return new Promise<Array<MirrorTicket | undefined>>((resolve) => answers.push(() => resolve(found)));
  });
  return { read, reads, answerAll: () => answers.splice(0).forEach((answer) => answer()) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the rows the queue keeps', () => {
  it('reads a row from the mirror once, then shows each committed write of it without reading it back', async () => {
    const first = mirrorTicket(1);
    const mirror = slowMirror(new Map([[first.id, first]]));
    const rows = new TicketRows(mirror.read);
    const reading = rows.read([first.id]);
    mirror.answerAll();
    expect((await reading)[0]?.priority).toBe('low');
    const changed = vi.fn();
    rows.watch([first.id], changed);
    rows.written([{ ...first, priority: 'critical' }], []);
    expect(rows.get(first.id)?.priority).toBe('critical');
    expect(changed).toHaveBeenCalledTimes(1);
    expect((await rows.read([first.id]))[0]?.priority).toBe('critical');
    expect(mirror.read).toHaveBeenCalledTimes(1);
  });

  it('never lets a read that began before a write bring back the row as it was', async () => {
    const ticket = mirrorTicket(1);
    const gone = mirrorTicket(2);
    const mirror = slowMirror(new Map([[ticket.id, ticket], [gone.id, gone]]));
    const rows = new TicketRows(mirror.read);
    const reading = rows.read([ticket.id, gone.id]);
    // Committed while the read runs: a triage change of one, the other deleted.
    rows.written([{ ...ticket, status: 'resolved' }], [gone.id]);
    mirror.answerAll();
    const [read, deleted] = await reading;
    expect(read?.status).toBe('resolved');
    expect(deleted).toBeUndefined();
    expect(rows.get(ticket.id)?.status).toBe('resolved');
  });

  it('reads a row once for two readers asking at the same time, and remembers a ticket the mirror does not hold', async () => {
    const ticket = mirrorTicket(1);
    const mirror = slowMirror(new Map([[ticket.id, ticket]]));
    const rows = new TicketRows(mirror.read);
    const missing = newId();
    const both = Promise.all([rows.read([ticket.id, missing]), rows.read([ticket.id])]);
    mirror.answerAll();
    const [[one, none], [again]] = await both;
    expect(one?.id).toBe(ticket.id);
    expect(again).toBe(one);
    expect(none).toBeUndefined();
    rows.fetch([missing]);
    expect(mirror.reads).toEqual([[ticket.id, missing]]);
  });

  it('drops everything when the table is cleared, tells the watchers, and does not keep what a read under way found', async () => {
    const kept = mirrorTicket(1);
    const underWay = mirrorTicket(2);
    const mirror = slowMirror(new Map([[kept.id, kept], [underWay.id, underWay]]));
    const rows = new TicketRows(mirror.read);
    const first = rows.read([kept.id]);
    mirror.answerAll();
    await first;
    const changed = vi.fn();
    rows.watch([kept.id, underWay.id], changed);
    rows.fetch([underWay.id]);
    rows.cleared();
    expect(changed).toHaveBeenCalled();
    expect(rows.get(kept.id)).toBeUndefined();
    mirror.answerAll();
    await settle();
    expect(rows.get(underWay.id)).toBeUndefined();
    // Asked again, it is read again.
    rows.fetch([kept.id]);
    expect(mirror.reads.at(-1)).toEqual([kept.id]);
  });

  it('reads a row again once told it was written where its value could not be seen (another window)', async () => {
    const stored = new Map<string, MirrorTicket>();
    const ticket = mirrorTicket(1);
    stored.set(ticket.id, ticket);
    const mirror = slowMirror(stored);
    const rows = new TicketRows(mirror.read);
    const first = rows.read([ticket.id]);
    mirror.answerAll();
    await first;
    const changed = vi.fn(() => rows.fetch([ticket.id]));
    rows.watch([ticket.id], changed);
    stored.set(ticket.id, { ...ticket, assigneeId: 'other' });
    rows.forget([ticket.id]);
    expect(changed).toHaveBeenCalledTimes(1);
    mirror.answerAll();
    await settle();
    expect(rows.get(ticket.id)?.assigneeId).toBe('other');
  });

  it('keeps the rows on screen when many others have been read since', async () => {
    const stored = new Map(Array.from({ length: 1_200 }, (_, i) => mirrorTicket(i)).map((t) => [t.id, t]));
    const mirror = slowMirror(stored);
    const rows = new TicketRows(mirror.read);
    const [onScreen, ...others] = [...stored.keys()];
    rows.watch([onScreen!], () => undefined);
    rows.fetch([onScreen!]);
    mirror.answerAll();
    await settle();
    for (let i = 0; i < others.length; i += 100) {
      rows.fetch(others.slice(i, i + 100));
      mirror.answerAll();
      await settle();
    }
    expect(rows.get(onScreen!)).toBeDefined();
    // The least recently used of the others went.
    expect(rows.get(others[0]!)).toBeUndefined();
    expect(rows.get(others.at(-1)!)).toBeDefined();
  });

  it('follows the mirror: a ticket written through Dexie is shown as written, with no read of it', async () => {
    const db = openMirrorDb(`rows-${newId()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
    const ticket = mirrorTicket(1);
    await db.tickets.put(ticket);
    const rows = queueIndex(db).rows;
    expect((await rows.read([ticket.id]))[0]?.subject).toBe('Call 1');
    const bulkGet = vi.spyOn(db.tickets, 'bulkGet');
    await db.tickets.update(ticket.id, { priority: 'high' });
    expect((await rows.read([ticket.id]))[0]?.priority).toBe('high');
    await db.tickets.delete(ticket.id);
    expect((await rows.read([ticket.id]))[0]).toBeUndefined();
    expect(bulkGet).not.toHaveBeenCalled();
    db.close();
  });
});
