import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { E164 } from '../../../core/customer/phone-number';
import { newId } from '../../../core/ids';
import type { SyncedCustomer } from '../../../core/protocol/sync-messages';
import { customerIdsByName } from '../../../renderer/customers/customer-directory';
import { openMirrorDb, type MirrorDb } from '../../../renderer/sync/mirror-db';
import { mirrorTicket } from '../../support/mirror-ticket';

/**
 * The mirror's schema is what an agent's profile keeps between releases: whatever version a workstation
 * stored it at, opening it with this release must give the same stores and indexes, keep every row (the
 * outbox above all: changes not yet sent), and give older rows the fields the indexes read.
 */

/** Each store's key and indexes, as IndexedDB itself reports them. */
async function storedSchema(db: MirrorDb): Promise<Record<string, string>> {
  await db.open();
  const idb = db.backendDB();
  const stores = [...idb.objectStoreNames].sort();
  const transaction = idb.transaction(stores, 'readonly');
  return Object.fromEntries(
    stores.map((name) => {
      const store = transaction.objectStore(name);
      const key = `${store.autoIncrement ? '++' : ''}${String(store.keyPath)}`;
      const indexes = [...store.indexNames].sort().map((index) => `${store.index(index).multiEntry ? '*' : ''}${index}`);
      return [name, [key, ...indexes].join(', ')];
    }),
  );
}

/** What every mirror has once opened by this release (mirror schema 8). */
const LATEST = {
  bases: 'key',
  calls: 'id, customerId, ticketId',
  comments: 'id, ticketId',
  conflicts: '++id, mutationId, seen',
  customers: 'id, *phones, qName, *qPhoneNational, *qPhoneReversed, *qWords',
  events: 'id, ticketId',
  meta: 'key',
  outbox: 'id',
  snapshots: 'key',
  tickets: 'id, customerId, number, wseq',
  timelines: 'ticketId',
};

/** The stores of the first release (mirror schema 1), as its workstation declared them. */
const FIRST_RELEASE = {
  tickets: 'id, number, customerId, updatedAt, [qAssignee+qOpen+qDue], [qTeam+qOpen+qDue], [qOpen+qDue], [qEscalated+qOpen+qDue], [qOpen+updatedAt]',
  comments: 'id, ticketId',
  calls: 'id, ticketId, customerId',
  customers: 'id, *phones, *qPhoneNational, *qPhoneReversed',
  events: 'id, ticketId',
  outbox: 'id',
  conflicts: '++id, mutationId, seen',
  meta: 'key',
  bases: 'key',
};

const customer = (name: string): SyncedCustomer => ({
  id: newId(), name, phones: ['+14155550101' as E164], emails: [`${name.toLowerCase()}@example.com`], company: 'Acme', preferredChannel: null,
  language: null, notes: '', createdAt: '2026-01-01T09:00:00.000Z', updatedAt: '2026-01-01T09:00:00.000Z', version: 1,
});

function profile() {
  const indexedDB = new IDBFactory();
  const name = `mirror-${newId()}`;
  return { indexedDB, name, open: () => openMirrorDb(name, { indexedDB, IDBKeyRange }) };
}

describe('the mirror opened by this release', () => {
  it('is created with the stores and indexes of the latest schema', async () => {
    const db = profile().open();
    expect(await storedSchema(db)).toEqual(LATEST);
    expect(db.verno).toBe(8);
    db.close();
  });

  it('upgrades a mirror of the first release, keeping its rows and its unsent changes, and indexes its customers by name', async () => {
    const { indexedDB, name, open } = profile();
    const old = new Dexie(name, { indexedDB, IDBKeyRange });
    old.version(1).stores(FIRST_RELEASE);
    const [zed, ada] = [customer('Zed'), customer('Ada')];
    const kept = mirrorTicket(1, { customerId: ada.id });
    await old.table('customers').bulkPut([zed, ada]);
    await old.table('tickets').put(kept);
    await old.table('outbox').put({ id: 'm1', name: 'ticket.update', args: { id: kept.id } });
    await old.table('meta').put({ key: 'cursor', value: 42 });
    old.close();

    const db = open();
    expect(await storedSchema(db)).toEqual(LATEST);
    expect(await db.tickets.get(kept.id)).toMatchObject({ id: kept.id, subject: kept.subject });
    expect(await db.tickets.where('customerId').equals(ada.id).primaryKeys()).toEqual([kept.id]);
    expect(await db.outbox.toArray()).toEqual([{ id: 'm1', name: 'ticket.update', args: { id: kept.id } }]);
    expect((await db.meta.get('cursor'))?.value).toBe(42);
    // The first release stored customers without their name and words: the directory finds them all, A to Z.
    expect(await customerIdsByName(db)).toEqual([ada.id, zed.id]);
    expect(await db.customers.where('qWords').equals('acme').count()).toBe(2);
    db.close();
  });

  it('upgrades a mirror of schema 4 and of schema 7, keeping their tickets', async () => {
    for (const [version, tickets] of [
      [4, 'id, number, customerId, updatedAt, status, categoryId, channel, [qAssignee+qOpen+qDue], [qTeam+qOpen+qDue], [qOpen+qDue], [qEscalated+qOpen+qDue], [qOpen+updatedAt], [qOpen+qAtRisk+qDue], [qPriority+qDue]'],
      [7, 'id, number, customerId, wseq'],
    ] as const) {
      const { indexedDB, name, open } = profile();
      const old = new Dexie(name, { indexedDB, IDBKeyRange });
      old.version(version).stores({
        ...FIRST_RELEASE,
        tickets,
        customers: 'id, qName, *qWords, *phones, *qPhoneNational, *qPhoneReversed',
        ...(version === 7 ? { snapshots: 'key' } : {}),
      });
      const escalated = mirrorTicket(2, { escalationLevel: 1, escalatedAt: '2026-01-03T00:00:00.000Z' });
      await old.table('tickets').bulkPut([mirrorTicket(1), escalated]);
      old.close();

      const db = open();
      expect(await storedSchema(db), `schema ${version}`).toEqual(LATEST);
      expect(await db.tickets.count()).toBe(2);
      expect(await db.tickets.get(escalated.id)).toMatchObject({ escalationLevel: 1 });
      db.close();
    }
  });
});
