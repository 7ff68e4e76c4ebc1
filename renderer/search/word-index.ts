/**
 * Ids whose indexed words start with every one of `words`: one key-only index read per word (the
 * longest, most selective first), intersected, stopping as soon as nothing is left.
 */
export async function idsMatchingAll(words: readonly string[], idsStartingWith: (word: string) => Promise<string[]>): Promise<Set<string>> {
  let found: Set<string> | undefined;
  for (const word of [...words].sort((a, b) => b.length - a.length)) {
    const ids = new Set(await idsStartingWith(word));
    const previous: Set<string> | undefined = found;
    found = previous === undefined ? ids : new Set([...previous].filter((id) => ids.has(id)));
    if (found.size === 0) break;
  }
  return found ?? new Set();
}
