import type { CountryCode } from 'libphonenumber-js/min';
import { parseTicketNumber } from '../../core/ticket/ticket';
import { findCustomers } from '../customers/customer-directory';
import { FALLBACK_COUNTRY } from '../workspace/workspace-config';
import { idsMatchingAll } from './word-index';
import { ticketSearchIndex } from './ticket-search-index';
import type { MirrorTicket } from '../queues/queue-fields';
import { searchWords, ticketSearchWords } from '../queues/queue-fields';
import type { MirrorDb } from '../sync/mirror-db';

/** Without the in-memory index: how many of the newest matches are read as rows and ranked. */
const CANDIDATE_LIMIT = 200;
/** How many matching customers' tickets a search adds. */
const CUSTOMER_LIMIT = 20;

/**
 * Searches the mirror, so it works offline: a ticket number as a caller reads it ("SB-1042", "1042")
 * finds that ticket; otherwise tickets whose subject has every word as a word start, and the tickets
 * of customers matching by name, company, phone or email; open tickets first, then the most recently
 * updated. Subjects match in the in-memory word index once it is built, IndexedDB's own until then.
 */
export async function searchTickets(db: MirrorDb, text: string, limit = 50, country: CountryCode = FALLBACK_COUNTRY): Promise<MirrorTicket[]> {
  const number = parseTicketNumber(text);
  if (number !== null) {
    const exact = await db.tickets.where('number').equals(number).toArray();
    if (exact.length > 0) return exact;
  }
  const words = searchWords(text);
  const index = ticketSearchIndex(db);
  const [bySubject, customers] = await Promise.all([
    words.length === 0 ? [] : index.ready ? index.words.match(words, limit) : idsMatchingAll(words, (word) => db.tickets.where('qWords').startsWith(word).primaryKeys()),
    findCustomers(db, text, country, CUSTOMER_LIMIT),
  ]);
  const customerIds = new Set(customers.map((c) => c.id));
  const byCustomer = customerIds.size > 0 ? await db.tickets.where('customerId').anyOf([...customerIds]).primaryKeys() : [];
  const candidates = [...new Set([...bySubject, ...byCustomer])];
  // Ranked in memory, only the tickets shown are read; without the index, the newest matches (ids are
  // UUIDv7, so id order is creation order) are read and ranked here.
  const chosen = index.ready ? index.words.rank(candidates, limit) : candidates.sort().reverse().slice(0, CANDIDATE_LIMIT);
  const rows = (await db.tickets.bulkGet(chosen)).filter((t): t is MirrorTicket => t !== undefined);
  // The rows are the truth: a match the index still held from an older subject is dropped here.
  const stillMatching = rows.filter((t) => customerIds.has(t.customerId ?? '') || matchesAll(ticketSearchWords(t), words));
  return stillMatching.sort((a, b) => (b.qOpen ?? 0) - (a.qOpen ?? 0) || b.updatedAt.localeCompare(a.updatedAt)).slice(0, limit);
}

const matchesAll = (ticketWords: readonly string[], words: readonly string[]) => words.every((word) => ticketWords.some((w) => w.startsWith(word)));
