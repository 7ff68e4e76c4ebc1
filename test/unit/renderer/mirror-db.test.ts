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

/**
 * What each schema changed, as the releases that declared them wrote it (mirror-db.ts before it declared
 * only versions 3, 5 and 8): a mirror of schema N is made by declaring the first N.
 */
const EARLIER_SCHEMAS: ReadonlyArray<Record<string, string>> = [
  {
    tickets: 'id, number, customerId, updatedAt, [qAssignee+qOpen+qDue], [qTeam+qOpen+qDue], [qOpen+qDue], [qEscalated+qOpen+qDue], [qOpen+updatedAt]',
    comments: 'id, ticketId',
    calls: 'id, ticketId, customerId',
    customers: 'id, *phones, *qPhoneNational, *qPhoneReversed',
    events: 'id, ticketId',
    outbox: 'id',
    conflicts: '++id, mutationId, seen',
    meta: 'key',
    bases: 'key',
  },
  { tickets: 'id, number, customerId, updatedAt, *qWords, [qAssignee+qOpen+qDue], [qTeam+qOpen+qDue], [qOpen+qDue], [qEscalated+qOpen+qDue], [qOpen+updatedAt]' },
  {
    tickets:
      'id, number, customerId, updatedAt, status, categoryId, channel, *qWords, [qAssignee+qOpen+qDue], [qTeam+qOpen+qDue], [qOpen+qDue], [qEscalated+qOpen+qDue], [qOpen+updatedAt], [qOpen+qAtRisk+qDue], [qPriority+qDue]',
    customers: 'id, qName, *qWords, *phones, *qPhoneNational, *qPhoneReversed',
  },
  {
    tickets:
      'id, number, customerId, updatedAt, status, categoryId, channel, [qAssignee+qOpen+qDue], [qTeam+qOpen+qDue], [qOpen+qDue], [qEscalated+qOpen+qDue], [qOpen+updatedAt], [qOpen+qAtRisk+qDue], [qPriority+qDue]',
  },
  {
    tickets:
      'id, number, customerId, updatedAt, status, categoryId, channel, qEscalation, [qAssignee+qOpen+qDue], [qTeam+qOpen+qDue], [qOpen+qDue], [qOpen+updatedAt], [qOpen+qAtRisk+qDue], [qPriority+qDue]',
  },
  {
    tickets:
      'id, number, customerId, status, categoryId, channel, qEscalation, [qAssignee+qOpen+qDue], [qTeam+qOpen+qDue], [qOpen+qDue], [qOpen+updatedAt], [qOpen+qAtRisk+qDue], [qPriority+qDue]',
  },
  { tickets: 'id, number, customerId, wseq', snapshots: 'key' },
  { timelines: 'ticketId' },
];

/** A mirror as the release with schema `version` left it, declared as that release declared it. */
function earlierMirror(name: string, indexedDB: IDBFactory, version: number): Dexie {
  const old = new Dexie(name, { indexedDB, IDBKeyRange });
  EARLIER_SCHEMAS.slice(0, version).forEach((stores, i) => old.version(i + 1).stores(stores));
  return old;
}

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
  it('is created with the stores and indexes of the latest schema, as the eight declarations made them', async () => {
    const db = profile().open();
    expect(await storedSchema(db)).toEqual(LATEST);
    expect(db.verno).toBe(8);
    db.close();
    const { indexedDB, name } = profile();
    const declaredOneByOne = earlierMirror(name, indexedDB, 8);
    expect(await storedSchema(declaredOneByOne as MirrorDb)).toEqual(LATEST);
    declaredOneByOne.close();
  });

  it('upgrades a mirror of every earlier schema, keeping its rows and unsent changes, and indexes customers by name', async () => {
    for (let version = 1; version <= 7; version++) {
      const { indexedDB, name, open } = profile();
      const old = earlierMirror(name, indexedDB, version);
      const [zed, ada] = [customer('Zed'), customer('Ada')];
      const kept = mirrorTicket(1, { customerId: ada.id });
      const escalated = mirrorTicket(2, { escalationLevel: 1, escalatedAt: '2026-01-03T00:00:00.000Z' });
      // Customers as the first release stored them: without the name and words later schemas index.
      await old.table('customers').bulkPut([zed, ada]);
      await old.table('tickets').bulkPut([kept, escalated]);
      await old.table('outbox').put({ id: 'm1', name: 'ticket.update', args: { id: kept.id } });
      await old.table('meta').put({ key: 'cursor', value: 42 });
      old.close();

      const db = open();
      const at = `from schema ${version}`;
      expect(await storedSchema(db), at).toEqual(LATEST);
      expect(await db.tickets.get(kept.id), at).toMatchObject({ id: kept.id, subject: kept.subject });
      expect(await db.tickets.get(escalated.id), at).toMatchObject({ escalationLevel: 1 });
      expect(await db.tickets.where('customerId').equals(ada.id).primaryKeys(), at).toEqual([kept.id]);
      expect(await db.outbox.toArray(), at).toEqual([{ id: 'm1', name: 'ticket.update', args: { id: kept.id } }]);
      expect((await db.meta.get('cursor'))?.value, at).toBe(42);
      // Stored before schema 3 without a name and words, they get them on the way: the directory finds them
      // all, A to Z. From schema 3 on they were stored with them.
      if (version < 3) {
        expect(await customerIdsByName(db), at).toEqual([ada.id, zed.id]);
        expect(await db.customers.where('qWords').equals('acme').count(), at).toBe(2);
      }
      db.close();
    }
  });
});
