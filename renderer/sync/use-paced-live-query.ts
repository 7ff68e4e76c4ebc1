import Dexie, { type ObservabilitySet } from 'dexie';
import { useEffect, useState, type DependencyList } from 'react';

/**
 * Like useLiveQuery, but re-runs at most once per `minIntervalMs` however fast `tables` change, and
 * never more than half the time when the query itself is slow. For
 * costly figures that may lag a moment, such as the queue counts: each count walks an index range
 * (tens of thousands of keys on a big mirror), and re-running all of them after every bootstrap page
 * or triage key would keep IndexedDB busy with counting instead of storing rows.
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
