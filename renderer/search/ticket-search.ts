import type { CountryCode } from 'libphonenumber-js/min';
import { parseTicketNumber } from '../../core/ticket/ticket';
import { findCustomers } from '../customers/customer-directory';
import { FALLBACK_COUNTRY } from '../workspace/workspace-config';
import type { MirrorTicket } from '../queues/queue-fields';
import { searchWords } from '../queues/queue-fields';
import type { MirrorDb } from '../sync/mirror-db';

/** How many index hits one search reads at most before filtering: bounds the cost on a 100k mirror. */
const CANDIDATE_LIMIT = 2_000;

/** How many matching customers' tickets a search adds. */
const CUSTOMER_LIMIT = 20;

/**
 * Searches the mirror, so it works offline: a ticket number as a caller reads it ("SB-1042", "1042")
 * finds that ticket; otherwise tickets whose subject has every word as a word start, and the tickets
 * of customers matching by name, company, phone or email. The longest word is looked up in the index,
 * the others filter its hits. Open tickets first, then the most recently updated.
 */
export async function searchTickets(db: MirrorDb, text: string, limit = 50, country: CountryCode = FALLBACK_COUNTRY): Promise<MirrorTicket[]> {
  const number = parseTicketNumber(text);
  if (number !== null) {
    const exact = await db.tickets.where('number').equals(number).toArray();
    if (exact.length > 0) return exact;
  }
  const words = searchWords(text);
  const [anchor, ...rest] = [...words].sort((a, b) => b.length - a.length);
  const [bySubject, customers] = await Promise.all([
    anchor ? db.tickets.where('qWords').startsWith(anchor).distinct().limit(CANDIDATE_LIMIT).toArray() : Promise.resolve([]),
    findCustomers(db, text, country, CUSTOMER_LIMIT),
  ]);
  const byCustomer = customers.length > 0 ? await db.tickets.where('customerId').anyOf(customers.map((c) => c.id)).limit(CANDIDATE_LIMIT).toArray() : [];
  const found = new Map<string, MirrorTicket>();
  for (const t of bySubject) if (rest.every((word) => (t.qWords ?? []).some((w) => w.startsWith(word)))) found.set(t.id, t);
  for (const t of byCustomer) found.set(t.id, t);
  return [...found.values()].sort((a, b) => (b.qOpen ?? 0) - (a.qOpen ?? 0) || b.updatedAt.localeCompare(a.updatedAt)).slice(0, limit);
}
