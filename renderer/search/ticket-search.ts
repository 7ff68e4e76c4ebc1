import type { CountryCode } from 'libphonenumber-js/min';
import { parseTicketNumber } from '../../core/ticket/ticket';
import { findCustomers } from '../customers/customer-directory';
import { FALLBACK_COUNTRY } from '../workspace/workspace-config';
import { searchRank, ticketSearchIndex, type TicketSearchIndex } from './ticket-search-index';
import { compareRanks, rankValue } from './ticket-word-index';
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
  return (await search(db, text, limit, country, await readyIndex(db))).tickets;
}

/** What a search found, and whether it could look at subjects yet. */
export interface SearchFound {
  readonly tickets: MirrorTicket[];
  /** False while the word index is still being built (for a few seconds after a reload at 100,000 tickets). */
  readonly subjectsSearched: boolean;
}

/**
 * The same search without waiting for the word index: while it is built, ticket numbers and customers are
 * searched at once (what an agent with a caller on the line types most) and subjects once it is ready, so
 * the results list is never blank for the seconds a build takes. The build is hurried meanwhile.
 */
export async function searchTicketsNow(db: MirrorDb, text: string, limit = 50, country: CountryCode = FALLBACK_COUNTRY): Promise<SearchFound> {
  const index = ticketSearchIndex(db);
  // A failed build leaves the index not ready; the next search tries again.
  if (!index.ready) index.warm(db).catch(() => undefined);
  return search(db, text, limit, country, index.ready ? index : null);
}

/** The search itself, with the word index when it is ready (null: numbers and customers only). */
async function search(db: MirrorDb, text: string, limit: number, country: CountryCode, index: TicketSearchIndex | null): Promise<SearchFound> {
  const subjectsSearched = index !== null;
  const number = parseTicketNumber(text);
  if (number !== null) {
    const exact = await db.tickets.where('number').equals(number).toArray();
    if (exact.length > 0) return { tickets: exact, subjectsSearched: true };
  }
  const words = searchWords(text);
  const customers = await findCustomers(db, text, country, CUSTOMER_LIMIT);
  const customerIds = new Set(customers.map((c) => c.id));
  const byCustomer = customerIds.size > 0 ? await db.tickets.where('customerId').anyOf([...customerIds]).primaryKeys() : [];
  // Matched and ranked in memory: only the tickets shown are read. Without the index, every ticket of the
  // (at most twenty) matching customers is read and ranked below.
  const chosen = index ? index.words.rank([...index.words.match(words, limit), ...byCustomer], limit) : byCustomer;
  const rows = (await db.tickets.bulkGet(chosen)).filter((t): t is MirrorTicket => t !== undefined);
  // The rows are the truth: a match the index still held from an older subject is dropped here.
  const stillMatching = rows.filter((t) => customerIds.has(t.customerId ?? '') || matchesAll(ticketSearchWords(t), words));
  // In the index's order (open first, then by the instant of the last update), also for customers' tickets.
  const ranked = stillMatching.map((ticket) => ({ id: ticket.id, rank: rankValue(searchRank(ticket)), ticket }));
  const tickets = ranked.sort(compareRanks).slice(0, limit).map((r) => r.ticket);
  return { tickets, subjectsSearched };
}

const matchesAll = (ticketWords: readonly string[], words: readonly string[]) => words.every((word) => ticketWords.some((w) => w.startsWith(word)));

/** The mirror's word index, built first if need be (a few seconds for 100,000 tickets after a reload). */
async function readyIndex(db: MirrorDb): Promise<TicketSearchIndex> {
  const index = ticketSearchIndex(db);
  // A reset while waiting (the mirror was cleared) starts a new build: wait for that one too.
  for (let attempt = 0; attempt < 3 && !index.ready; attempt++) await index.warm(db);
  return index;
}
