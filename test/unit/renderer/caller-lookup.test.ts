import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../core/ids';
import type { E164 } from '../../../core/customer/phone-number';
import { findCallers } from '../../../renderer/calls/caller-lookup';
import { openMirrorDb, type MirrorDb } from '../../../renderer/sync/mirror-db';

let db: MirrorDb;
const customer = (name: string, phones: string[]) => ({
  id: newId(), name, phones: phones as E164[], emails: [], company: null, preferredChannel: null, language: null, notes: '',
  createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', version: 1,
});
const ada = customer('Ada', ['+442079460999']);
const bob = customer('Bob', ['+14155550132', '+442079460123']);
const cyd = customer('Cyd', ['+442079460990']);

beforeAll(async () => {
  db = openMirrorDb(`lookup-${newId()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.customers.bulkPut([ada, bob, cyd]);
});
afterAll(() => db.close());

const names = async (typed: string) => (await findCallers(db, typed, 'GB')).map((c) => c.name);

describe('finding the caller by number in the mirror', () => {
  it('finds the customer from the full number in any common format, exact match first', async () => {
    expect((await names('020 7946 0999'))[0]).toBe('Ada');
    expect((await names('+44 20 7946 0999'))[0]).toBe('Ada');
    expect((await names('0044 20 7946 0999'))[0]).toBe('Ada');
    expect(await names('(415) 555-0132')).toEqual(['Bob']);
  });

  it('offers partial matches while the number is being typed, from the start or the last digits', async () => {
    expect((await names('020 7946 09')).sort()).toEqual(['Ada', 'Cyd']);
    expect(await names('0999')).toEqual(['Ada']);
    expect(await names('0132')).toEqual(['Bob']);
    expect(await names('415 555')).toEqual(['Bob']);
  });

  it('waits for three digits and finds nobody for an unknown number', async () => {
    expect(await names('02')).toEqual([]);
    expect(await names('0161 496 0000')).toEqual([]);
  });
});
