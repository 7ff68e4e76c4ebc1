import type { DBCore, Middleware } from 'dexie';
import type { MirrorTicket } from './queue-fields';
import type { QueueIndex } from './queue-index';

/**
 * Every write to the tickets table, whatever the path (pull, bootstrap, optimistic change, rebase): each
 * row put is stamped with a write sequence (so a reload can read what its queue snapshot lacks), and the
 * queue index applies the write once its transaction has committed. A read of the index waits for writes
 * already under way, as IndexedDB's own reads wait for the writes begun before them.
 */
export function queueFeed(index: () => QueueIndex): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'queue-feed',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (name !== 'tickets') return table;
        return {
          ...table,
          mutate: async (request) => {
            const queues = index();
            let stamped = request;
            let firstSeq = Number.POSITIVE_INFINITY;
            if (request.type === 'add' || request.type === 'put') {
              const values = (request.values as MirrorTicket[]).map((row) => ({ ...row, wseq: queues.nextWriteSeq() }));
              firstSeq = values[0]?.wseq ?? firstSeq;
              stamped = { ...request, values };
            }
            const trans = request.trans as unknown as Partial<IDBTransaction>;
            // One record per transaction: every write of it is applied on commit before a waiting read goes on.
            const applies = queues.writing(trans, firstSeq, (pending) => {
              if (typeof trans.addEventListener !== 'function') return false;
              trans.addEventListener('complete', () => pending.commit(), { once: true });
              trans.addEventListener('abort', () => pending.drop(), { once: true });
              return true;
            });
            const afterCommit = (apply: () => void) => applies.push(apply);
            try {
              const response = await table.mutate(stamped);
              if (stamped.type === 'add' || stamped.type === 'put') {
                const rows = (stamped.values as MirrorTicket[]).filter((_, i) => !response.failures[i]);
                afterCommit(() => queues.committed(rows, []));
              } else if (stamped.type === 'delete') {
                const keys = stamped.keys as string[];
                afterCommit(() => queues.committed([], keys));
              } else {
                // A clear: the mirror removes tickets by key or clears the table, never a range of them.
                afterCommit(() => queues.cleared());
              }
              return response;
            } finally {
              // Outside a real IndexedDB transaction (no events to wait for), applied at once.
              applies.flushIfUnwatched();
            }
          },
        };
      },
    }),
  };
}
