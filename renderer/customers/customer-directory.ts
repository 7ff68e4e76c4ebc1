import type { CountryCode } from 'libphonenumber-js/min';
import type { SyncedCustomer } from '../../core/protocol/sync-messages';
import { findCallers } from '../calls/caller-lookup';
import { lookupPrefixes, type MirrorCustomer } from '../calls/phone-index';
import { searchWords } from '../queues/queue-fields';
import type { MirrorDb } from '../sync/mirror-db';

/** The directory's sort key: names compared without case, in any script. */
export const customerSortName = (customer: SyncedCustomer): string => customer.name.toLowerCase().normalize('NFKC');

/** Words of the name and company, and each email whole, for search by prefix ("ada", "acme", "ada@ex"). */
export const customerWords = (customer: SyncedCustomer): string[] => [
  ...new Set([...searchWords(`${customer.name} ${customer.company ?? ''}`), ...customer.emails.map((e) => e.toLowerCase())]),
];

/** Every customer id, A to Z: keys from the name index, never rows. */
export const customerIdsByName = (db: MirrorDb): Promise<string[]> => db.customers.orderBy('qName').primaryKeys();

const CANDIDATE_LIMIT = 2_000;

/**
 * Customers matching what the agent typed: a phone number (any format, start or end of it), an email,
 * or the starts of words of the name or company. From the mirror, so it works offline.
 */
export async function findCustomers(db: MirrorDb, text: string, defaultCountry: CountryCode, limit = 50): Promise<MirrorCustomer[]> {
  const trimmed = text.trim();
  if (!trimmed) return [];
  if (/^[+\d\s().-]+$/.test(trimmed) && lookupPrefixes(trimmed)) return findCallers(db, trimmed, defaultCountry, limit);
  const words = trimmed.includes('@') ? [trimmed.toLowerCase()] : searchWords(trimmed);
  if (words.length === 0) return [];
  const [anchor, ...rest] = [...words].sort((a, b) => b.length - a.length);
  const candidates = await db.customers.where('qWords').startsWith(anchor!).distinct().limit(CANDIDATE_LIMIT).toArray();
  return candidates
    .filter((c) => rest.every((word) => (c.qWords ?? []).some((w) => w.startsWith(word))))
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, limit);
}
