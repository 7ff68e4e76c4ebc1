/**
 * Word-start index of every mirrored ticket's subject and number, held in memory.
 *
 * Why not IndexedDB's multi-entry index alone: reading the keys under one common word ("router", 7,600
 * of 100,000 tickets) takes 137 ms in Chromium on the bench machine, before anything is painted; here
 * the same match takes about a millisecond. Why not a search library: MiniSearch 7 measured 13–42 ms
 * and 88 MB of heap for the same 100,000 subjects, because it scores every match (BM25) and search results here
 * rank by openness and recency instead (docs/performance.md).
 *
 * Each ticket also carries its rank (open before resolved, then the most recently updated), so the best
 * matches are chosen here and only those few rows are read from the mirror.
 *
 * Postings only ever grow: a ticket whose words change gets a new ordinal and the old one is marked
 * gone, so every posting list stays sorted without re-sorting, and a compaction drops the dead once they
 * outnumber the living.
 */
export interface TicketRank {
  readonly open: boolean;
  readonly updatedAt: string;
}

export class TicketWordIndex {
  /** ticket id → its live ordinal */
  private readonly ordinalOf = new Map<string, number>();
  /** ordinal → ticket id, or undefined once superseded or removed */
  private ids: Array<string | undefined> = [];
  /** ordinal → its words joined by a space, to skip writes that leave the words as they are */
  private wordsOf: string[] = [];
  /**
   * ordinal → its rank as one number (see rankValue); higher ranks first. Not a string key: each such key
   * was a concatenation V8 flattens on its first comparison, so the first search after a reload paid for
   * thousands of them ("router": 5.6–8.3 ms on first use, 3.4–3.6 ms now; docs/performance.md).
   */
  private rankOf: number[] = [];
  /** word → ascending ordinals */
  private postings = new Map<string, number[]>();
  /** Every word in postings, sorted, for prefix ranges by binary search; new words wait in `added`. */
  private sortedWords: string[] = [];
  private added: string[] = [];
  private dead = 0;

  get size(): number {
    return this.ordinalOf.size;
  }

  /** Words added since the last sortNewWords. */
  get unsortedWords(): number {
    return this.added.length;
  }

  /** Indexes (or re-indexes) one ticket under `words` (lower-case, as searchWords gives them). */
  set(id: string, words: readonly string[], rank: TicketRank): void {
    this.setRanked(id, words, rankValue(rank));
  }

  private setRanked(id: string, words: readonly string[], rank: number): void {
    const joined = words.join(' ');
    const previous = this.ordinalOf.get(id);
    if (previous !== undefined) {
      if (this.wordsOf[previous] === joined) {
        this.rankOf[previous] = rank;
        return;
      }
      this.forget(previous);
    }
    const ordinal = this.ids.length;
    this.ids.push(id);
    this.wordsOf.push(joined);
    this.rankOf.push(rank);
    this.ordinalOf.set(id, ordinal);
    for (const word of words) {
      const list = this.postings.get(word);
      if (list) list.push(ordinal);
      else {
        this.postings.set(word, [ordinal]);
        this.added.push(word);
      }
    }
    if (this.dead > 10_000 && this.dead > this.ordinalOf.size) this.compact();
  }

  remove(id: string): void {
    const ordinal = this.ordinalOf.get(id);
    if (ordinal === undefined) return;
    this.forget(ordinal);
    this.ordinalOf.delete(id);
  }

  has(id: string): boolean {
    return this.ordinalOf.has(id);
  }

  /**
   * The `limit` best-ranked tickets (open first, then the most recently updated) having a word that
   * starts with each of `words`.
   */
  match(words: readonly string[], limit: number): string[] {
    if (words.length === 0) return [];
    this.sortNewWords();
    let found: number[] | undefined;
    // The longest word first: usually the most selective, so the intersections stay small.
    for (const word of [...words].sort((a, b) => b.length - a.length)) {
      const ordinals = this.ordinalsStartingWith(word);
      found = found === undefined ? ordinals : intersectSorted(found, ordinals);
      if (found.length === 0) return [];
    }
    return this.best(found ?? [], limit);
  }

  /** The `limit` best-ranked of `ids`; ids not in the index come last, in their given order. */
  rank(ids: readonly string[], limit: number): string[] {
    const known: number[] = [];
    const unknown: string[] = [];
    for (const id of new Set(ids)) {
      const ordinal = this.ordinalOf.get(id);
      if (ordinal === undefined) unknown.push(id);
      else known.push(ordinal);
    }
    return [...this.best(known, limit), ...unknown].slice(0, limit);
  }

  /** The best `limit` living ordinals, without sorting them all: a short sorted list of the best so far. */
  private best(ordinals: readonly number[], limit: number): string[] {
    const top: number[] = [];
    const better = (a: number, b: number) => {
      const rankA = this.rankOf[a]!;
      const rankB = this.rankOf[b]!;
      return rankA > rankB || (rankA === rankB && this.ids[a]! > this.ids[b]!);
    };
    for (const ordinal of ordinals) {
      if (this.ids[ordinal] === undefined) continue;
      if (top.length === limit && !better(ordinal, top[top.length - 1]!)) continue;
      let at = top.length;
      while (at > 0 && better(ordinal, top[at - 1]!)) at--;
      top.splice(at, 0, ordinal);
      if (top.length > limit) top.pop();
    }
    return top.map((ordinal) => this.ids[ordinal]!);
  }

  private forget(ordinal: number): void {
    this.ids[ordinal] = undefined;
    this.dead++;
  }

  private ordinalsStartingWith(prefix: string): number[] {
    const lists: number[][] = [];
    for (let i = lowerBound(this.sortedWords, prefix); i < this.sortedWords.length && this.sortedWords[i]!.startsWith(prefix); i++) {
      lists.push(this.postings.get(this.sortedWords[i]!)!);
    }
    if (lists.length === 1) return lists[0]!;
    // A ticket can hold two words with the same start ("router", "routers"): merge without repeats.
    const merged = lists.flat().sort((a, b) => a - b);
    return merged.filter((ordinal, i) => i === 0 || merged[i - 1] !== ordinal);
  }

  /**
   * Merges the words added since the last call into the sorted list, a copy of the whole list. A search
   * does it first; the search index does it as many rows arrive, so that no search pays for a whole
   * mirror's words at once (every ticket number is a word: sorting 100,000 of them made the first search
   * after a reload 30 ms slower).
   */
  sortNewWords(): void {
    if (this.added.length === 0) return;
    const fresh = this.added.sort();
    this.added = [];
    const merged: string[] = new Array<string>(this.sortedWords.length + fresh.length);
    let a = 0;
    let b = 0;
    for (let i = 0; i < merged.length; i++) merged[i] = b >= fresh.length || (a < this.sortedWords.length && this.sortedWords[a]! < fresh[b]!) ? this.sortedWords[a++]! : fresh[b++]!;
    this.sortedWords = merged;
  }

  /** Renumbers the living tickets, dropping superseded ordinals from every posting list. */
  private compact(): void {
    const living = [...this.ordinalOf].sort((x, y) => x[1] - y[1]).map(([id, ordinal]) => [id, this.wordsOf[ordinal]!, this.rankOf[ordinal]!] as const);
    this.ids = [];
    this.wordsOf = [];
    this.rankOf = [];
    this.postings = new Map();
    this.sortedWords = [];
    this.added = [];
    this.dead = 0;
    this.ordinalOf.clear();
    for (const [id, joined, rank] of living) this.setRanked(id, joined.split(' ').filter(Boolean), rank);
  }
}

/** Added to an open ticket's rank: above any done ticket's update time (epoch milliseconds, kept below it). */
const OPEN_RANK = 1e14;

/**
 * A ticket's rank as one number, higher first: open before done, then the most recently updated. An unreadable
 * time ranks as the oldest, and times outside 1970–5138 are held inside it, so open always comes first.
 */
export function rankValue(rank: TicketRank): number {
  const updated = Date.parse(rank.updatedAt);
  return (rank.open ? OPEN_RANK : 0) + (Number.isFinite(updated) ? Math.min(Math.max(updated, 0), OPEN_RANK - 1) : 0);
}

/** The index's order as a comparator of tickets (best first), ties broken by id as `match` breaks them. */
export function compareRanks(a: { readonly id: string; readonly rank: number }, b: { readonly id: string; readonly rank: number }): number {
  return b.rank - a.rank || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

function lowerBound(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function intersectSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i]! < b[j]!) i++;
    else if (a[i]! > b[j]!) j++;
    else {
      out.push(a[i]!);
      i++;
      j++;
    }
  }
  return out;
}
