import Dexie, { type ObservabilitySet } from 'dexie';

/**
 * Calls `written` after each committed write to any of these tables of this database (Dexie's
 * `storagemutated`, told synchronously as the write commits); returns the unsubscribe.
 */
export function onTablesWritten(db: Dexie, tables: readonly string[], written: () => void): () => void {
  const prefixes = tables.map((table) => `idb://${db.name}/${table}/`);
  const onMutated = (parts: ObservabilitySet) => {
    if (Object.keys(parts).some((part) => prefixes.some((prefix) => part.startsWith(prefix)))) written();
  };
  Dexie.on('storagemutated', onMutated);
  return () => Dexie.on('storagemutated').unsubscribe(onMutated);
}
