import Dexie, { type ObservabilitySet } from 'dexie';
import { useEffect, useState, type DependencyList } from 'react';

/**
 * Like useLiveQuery for big reads: it re-runs on any write to `tables` instead of recording, key by key,
 * what the query read (useLiveQuery adds every returned id to a range set: 75,000 ids for All open), at
 * most once per `minIntervalMs`, and never more than half the time when the query itself is slow. Used
 * for the queue's ids and the queue counts, which would otherwise keep IndexedDB and the main thread busy
 * after every bootstrap page or triage key.
 */
export function usePacedLiveQuery<T>(db: Dexie, tables: readonly string[], query: () => Promise<T>, deps: DependencyList, minIntervalMs = 250): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  const tableKey = tables.join(',');
  useEffect(() => {
    let live = true;
    let running = false;
    let dirty = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let nextAllowed = 0;
    const run = async () => {
      running = true;
      dirty = false;
      const started = Date.now();
      try {
        const result = await query();
        if (live) setValue(() => result);
      } catch {
        // The last figures stay on screen; the next change runs the query again.
      } finally {
        // Idle at least as long as the query ran: a slow query takes at most half of IndexedDB's time.
        const took = Date.now() - started;
        nextAllowed = started + Math.max(minIntervalMs, 2 * took);
        running = false;
        if (live && dirty) schedule();
      }
    };
    const schedule = () => {
      if (running) dirty = true;
      else if (timer === undefined) {
        timer = setTimeout(() => {
          timer = undefined;
          void run();
        }, Math.max(0, nextAllowed - Date.now()));
      }
    };
    const prefixes = tableKey.split(',').map((table) => `idb://${db.name}/${table}/`);
    const onMutated = (parts: ObservabilitySet) => {
      if (Object.keys(parts).some((part) => prefixes.some((prefix) => part.startsWith(prefix)))) schedule();
    };
    Dexie.on('storagemutated', onMutated);
    void run();
    return () => {
      live = false;
      clearTimeout(timer);
      Dexie.on('storagemutated').unsubscribe(onMutated);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- as with useLiveQuery, the caller's deps say when the query changes
  }, [db, tableKey, minIntervalMs, ...deps]);
  return value;
}
