import type { CountryCode } from 'libphonenumber-js/min';
import { parseTicketNumber } from '../../core/ticket/ticket';
import { findCustomers } from '../customers/customer-directory';
import { FALLBACK_COUNTRY } from '../workspace/workspace-config';
import { ticketSearchIndex, type TicketSearchIndex } from './ticket-search-index';
import type { MirrorTicket } from '../queues/queue-fields';
import { searchWords, ticketSearchWords } from '../queues/queue-fields';
import type { MirrorDb } from '../sync/mirror-db';

/** How many matching customers' tickets a search adds. */
const CUSTOMER_LIMIT = 20;

/**
 * Searches the mirror, so it works offline: a ticket number as a caller reads it ("SB-1042", "1042")
 * finds that ticket; otherwise tickets whose subject has every word as a word start, and the tickets
 * of customers matching by name, company, phone or email; open tickets first, then the most recently
 * updated. Subjects match in the in-memory word index; right after a reload a search waits for it.
 */
export async function searchTickets(db: MirrorDb, text: string, limit = 50, country: CountryCode = FALLBACK_COUNTRY): Promise<MirrorTicket[]> {
  const number = parseTicketNumber(text);
  if (number !== null) {
    const exact = await db.tickets.where('number').equals(number).toArray();
    if (exact.length > 0) return exact;
  }
  const words = searchWords(text);
  const [index, customers] = await Promise.all([readyIndex(db), findCustomers(db, text, country, CUSTOMER_LIMIT)]);
  const customerIds = new Set(customers.map((c) => c.id));
  const byCustomer = customerIds.size > 0 ? await db.tickets.where('customerId').anyOf([...customerIds]).primaryKeys() : [];
  // Matched and ranked in memory: only the tickets shown are read.
  const chosen = index.words.rank([...index.words.match(words, limit), ...byCustomer], limit);
  const rows = (await db.tickets.bulkGet(chosen)).filter((t): t is MirrorTicket => t !== undefined);
  // The rows are the truth: a match the index still held from an older subject is dropped here.
  const stillMatching = rows.filter((t) => customerIds.has(t.customerId ?? '') || matchesAll(ticketSearchWords(t), words));
  return stillMatching.sort((a, b) => (b.qOpen ?? 0) - (a.qOpen ?? 0) || b.updatedAt.localeCompare(a.updatedAt)).slice(0, limit);
}

const matchesAll = (ticketWords: readonly string[], words: readonly string[]) => words.every((word) => ticketWords.some((w) => w.startsWith(word)));

/** The mirror's word index, built first if need be (a few seconds for 100,000 tickets after a reload). */
async function readyIndex(db: MirrorDb): Promise<TicketSearchIndex> {
  const index = ticketSearchIndex(db);
  // A reset while waiting (the mirror was cleared) starts a new build: wait for that one too.
  for (let attempt = 0; attempt < 3 && !index.ready; attempt++) await index.warm(db);
  return index;
}
