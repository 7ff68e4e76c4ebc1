import { useEffect, useState } from 'react';
import type { TicketRows } from './ticket-rows';

/**
 * Renders again whenever one of these rows is read, written or deleted, and reads those never kept. The
 * rows themselves are `rows.get(id)`: a row is the same object until it is written again, so a list
 * re-renders only the rows that changed. A plain state update, not useSyncExternalStore's synchronous one:
 * while a fast scroll reads a new window every frame, its rows render with the frame's other work.
 */
export function useTicketRows(rows: TicketRows, ids: readonly string[]): void {
  const [, setVersion] = useState(rows.version);
  const key = ids.join();
  useEffect(() => {
    const watched = key ? key.split(',') : [];
    const changed = () => {
      // A row dropped with a cleared table is read again (one the mirror does not hold is kept as absent).
      rows.fetch(watched);
      setVersion(rows.version);
    };
    const stop = rows.watch(watched, changed);
    rows.fetch(watched);
    // Written between the render and now, when nothing watched yet: rendered again (nothing changed: no render).
    let watching = true;
    queueMicrotask(() => {
      if (watching) setVersion(rows.version);
    });
    return () => {
      watching = false;
      stop();
    };
  }, [rows, key]);
}
