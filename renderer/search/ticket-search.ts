import type { CountryCode } from 'libphonenumber-js/min';
import { parseTicketNumber } from '../../core/ticket/ticket';
import { findCustomers } from '../customers/customer-directory';
import { FALLBACK_COUNTRY } from '../workspace/workspace-config';
import { idsMatchingAll } from './word-index';
import type { MirrorTicket } from '../queues/queue-fields';
import { searchWords } from '../queues/queue-fields';
import type { MirrorDb } from '../sync/mirror-db';

/** How many of the newest matches are read as rows and ranked: bounds the cost on a 100k mirror. */
const CANDIDATE_LIMIT = 200;
/** How many matching customers' tickets a search adds. */
const CUSTOMER_LIMIT = 20;

/**
 * Searches the mirror, so it works offline: a ticket number as a caller reads it ("SB-1042", "1042")
 * finds that ticket; otherwise tickets whose subject has every word as a word start, and the tickets
 * of customers matching by name, company, phone or email. Matching is on index keys only; the newest
 * matches (ids are UUIDv7, so id order is creation order) are read as rows and shown open first, then
 * the most recently updated.
 */
export async function searchTickets(db: MirrorDb, text: string, limit = 50, country: CountryCode = FALLBACK_COUNTRY): Promise<MirrorTicket[]> {
  const number = parseTicketNumber(text);
  if (number !== null) {
    const exact = await db.tickets.where('number').equals(number).toArray();
    if (exact.length > 0) return exact;
  }
  const words = searchWords(text);
  const [bySubject, customers] = await Promise.all([words.length > 0 ? idsMatchingAll(words, (word) => db.tickets.where('qWords').startsWith(word).primaryKeys()) : Promise.resolve(new Set<string>()), findCustomers(db, text, country, CUSTOMER_LIMIT)]);
  const byCustomer = customers.length > 0 ? await db.tickets.where('customerId').anyOf(customers.map((c) => c.id)).primaryKeys() : [];
  const newest = [...new Set([...bySubject, ...byCustomer])].sort().reverse().slice(0, CANDIDATE_LIMIT);
  const rows = (await db.tickets.bulkGet(newest)).filter((t): t is MirrorTicket => t !== undefined);
  return rows.sort((a, b) => (b.qOpen ?? 0) - (a.qOpen ?? 0) || b.updatedAt.localeCompare(a.updatedAt)).slice(0, limit);
}
