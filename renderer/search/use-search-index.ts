import { useSyncExternalStore } from 'react';
import type { MirrorDb } from '../sync/mirror-db';
import { ticketSearchIndex, type TicketSearchIndex } from './ticket-search-index';

/** A value read from the mirror's search index, re-read whenever the index says it changed. */
export function useSearchIndex<T>(db: MirrorDb, read: (index: TicketSearchIndex) => T): T {
  const index = ticketSearchIndex(db);
  return useSyncExternalStore(
    (listener) => index.subscribe(listener),
    () => read(index),
  );
}
