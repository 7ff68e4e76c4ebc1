import { parseTicketNumber } from '../../core/ticket/ticket';
import type { MirrorTicket } from '../queues/queue-fields';
import { searchWords } from '../queues/queue-fields';
import type { MirrorDb } from '../sync/mirror-db';

/** How many index hits one search reads at most before filtering: bounds the cost on a 100k mirror. */
const CANDIDATE_LIMIT = 2_000;

/**
 * Searches the mirror, so it works offline: a ticket number as a caller reads it ("SB-1042", "1042")
 * finds that ticket; otherwise every word must start a word of the subject. The longest word is looked
 * up in the index, the others filter its hits. Open tickets first, then the most recently updated.
 */
export async function searchTickets(db: MirrorDb, text: string, limit = 50): Promise<MirrorTicket[]> {
  const number = parseTicketNumber(text);
  if (number !== null) {
    const exact = await db.tickets.where('number').equals(number).toArray();
    if (exact.length > 0) return exact;
  }
  const words = searchWords(text);
  if (words.length === 0) return [];
  const [anchor, ...rest] = [...words].sort((a, b) => b.length - a.length);
  const candidates = await db.tickets.where('qWords').startsWith(anchor!).distinct().limit(CANDIDATE_LIMIT).toArray();
  return candidates
    .filter((t) => rest.every((word) => (t.qWords ?? []).some((w) => w.startsWith(word))))
    .sort((a, b) => (b.qOpen ?? 0) - (a.qOpen ?? 0) || b.updatedAt.localeCompare(a.updatedAt))
    .slice(0, limit);
}
