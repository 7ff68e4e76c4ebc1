import { useCallback, useSyncExternalStore } from 'react';
import type { TicketRows } from './ticket-rows';

/**
 * Renders again whenever one of these rows is read, written or deleted, and reads those never kept. The
 * rows themselves are `rows.get(id)`: a row is the same object until it is written again, so a list
 * re-renders only the rows that changed.
 */
export function useTicketRows(rows: TicketRows, ids: readonly string[]): void {
  const key = ids.join();
  const subscribe = useCallback(
    (changed: () => void) => {
      const watched = key ? key.split(',') : [];
      const stop = rows.watch(watched, () => {
        // A row dropped with a cleared table is read again (one the mirror does not hold is kept as absent).
        rows.fetch(watched);
        changed();
      });
      rows.fetch(watched);
      return stop;
    },
    [rows, key],
  );
  // React compares the version after subscribing too, so a write between the render and the subscription is not missed.
  useSyncExternalStore(subscribe, () => rows.version);
}
