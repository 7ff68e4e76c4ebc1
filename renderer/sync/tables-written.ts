import Dexie, { type ObservabilitySet } from 'dexie';

type Listener = { readonly db: Dexie; readonly tables: readonly string[]; readonly written: () => void };
const listeners = new Set<Listener>();

/**
 * Calls `written` after each committed write to any of these tables of this database (Dexie's
 * `storagemutated`, told synchronously as the write commits, in this window or another), and when an
 * in-memory index has taken in another window's write (`indexCaughtUp`); returns the unsubscribe.
 */
export function onTablesWritten(db: Dexie, tables: readonly string[], written: () => void): () => void {
  const prefixes = tables.map((table) => `idb://${db.name}/${table}/`);
  const onMutated = (parts: ObservabilitySet) => {
    if (Object.keys(parts).some((part) => prefixes.some((prefix) => part.startsWith(prefix)))) written();
  };
  const listener = { db, tables, written };
  Dexie.on('storagemutated', onMutated);
  listeners.add(listener);
  return () => {
    Dexie.on('storagemutated').unsubscribe(onMutated);
    listeners.delete(listener);
  };
}

/**
 * An in-memory index of `table` (the queues) has applied a write another window made: what was read
 * from it when IndexedDB told of the write may have missed it, so its readers read again.
 */
export function indexCaughtUp(db: Dexie, table: string): void {
  for (const listener of [...listeners]) if (listener.db === db && listener.tables.includes(table)) listener.written();
}
