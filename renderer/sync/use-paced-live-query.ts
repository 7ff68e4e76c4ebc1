import type Dexie from 'dexie';
import { useEffect, useState, type DependencyList } from 'react';
import { PacedRunner } from './paced-runner';
import { onTablesWritten } from './tables-written';

/**
 * Like useLiveQuery for big reads: it re-runs on any write to `tables` instead of recording, key by key,
 * what the query read (useLiveQuery adds every returned id to a range set: 75,000 ids for All open),
 * paced by PacedRunner (at most once per `minIntervalMs`, and slower while a slow query or a sync catch-up
 * runs). Used for the queue's ids and the queue counts, which would otherwise keep IndexedDB and the main
 * thread busy after every bootstrap page or triage key. `initial` is shown until the first read answers.
 */
export function usePacedLiveQuery<T>(
  db: Dexie,
  tables: readonly string[],
  query: () => Promise<T>,
  deps: DependencyList,
  minIntervalMs = 250,
  initial?: () => T | undefined,
): T | undefined {
  const [value, setValue] = useState<T | undefined>(initial);
  const tableKey = tables.join(',');
  useEffect(() => {
    const runner = new PacedRunner(query, (result) => setValue(() => result), minIntervalMs);
    const stopWatching = onTablesWritten(db, tableKey.split(','), () => runner.changed());
    return () => {
      runner.stop();
      stopWatching();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- as with useLiveQuery, the caller's deps say when the query changes
  }, [db, tableKey, minIntervalMs, ...deps]);
  return value;
}
