import type { CountryCode } from 'libphonenumber-js/min';
import type { SyncedCustomer } from '../../core/protocol/sync-messages';
import { findCallers } from '../calls/caller-lookup';
import { lookupPrefixes, type MirrorCustomer } from '../calls/phone-index';
import { searchWords } from '../queues/queue-fields';
import { idsMatchingAll } from '../search/word-index';
import type { MirrorDb } from '../sync/mirror-db';

/** The directory's sort key: names compared without case, in any script. */
export const customerSortName = (customer: SyncedCustomer): string => customer.name.toLowerCase().normalize('NFKC');

/** Words of the name and company, and each email whole, for search by prefix ("ada", "acme", "ada@ex"). */
export const customerWords = (customer: SyncedCustomer): string[] => [
  ...new Set([...searchWords(`${customer.name} ${customer.company ?? ''}`), ...customer.emails.map((e) => e.toLowerCase())]),
];

/** Every customer id, A to Z: keys from the name index, never rows. */
export const customerIdsByName = (db: MirrorDb): Promise<string[]> => db.customers.orderBy('qName').primaryKeys();

/** How many matches are read as rows and sorted by name: bounds the cost of a short prefix. */
const CANDIDATE_LIMIT = 500;

/**
 * Customers matching what the agent typed: a phone number (any format, start or end of it), an email,
 * or the starts of words of the name or company. From the mirror, so it works offline. Matching is on
 * index keys only (each word's ids, intersected); only the matches are read as rows.
 */
export async function findCustomers(db: MirrorDb, text: string, defaultCountry: CountryCode, limit = 50): Promise<MirrorCustomer[]> {
  const trimmed = text.trim();
  if (!trimmed) return [];
  if (/^[+\d\s().-]+$/.test(trimmed) && lookupPrefixes(trimmed)) return findCallers(db, trimmed, defaultCountry, limit);
  const words = trimmed.includes('@') ? [trimmed.toLowerCase()] : searchWords(trimmed);
  const found = await idsMatchingAll(words, (word) => db.customers.where('qWords').startsWith(word).primaryKeys());
  const rows = await db.customers.bulkGet([...found].slice(0, CANDIDATE_LIMIT));
  return rows
    .filter((c): c is MirrorCustomer => c !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, limit);
}
