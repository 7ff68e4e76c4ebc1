import type { Db } from '../storage/query-builder';
import { RETAINED_FROM_KEY } from './pull-service';

/** How long the change log and stored mutation outcomes are kept. A client offline longer bootstraps again. */
export const DEFAULT_RETENTION_DAYS = 30;

/**
 * Deletes change-log rows and mutation outcomes older than the window, in one transaction with the
 * new `retained_from_seq`, so a pull never sees a log with a silent hole: an older cursor is told to resync.
 */
export async function pruneChangeLog(db: Db, now: Date, days = DEFAULT_RETENTION_DAYS): Promise<{ changes: number; outcomes: number }> {
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
  return db.transaction().execute(async (trx) => {
    const oldest = await trx.selectFrom('changes').select((eb) => eb.fn.max('seq').as('seq')).where('at', '<', cutoff).executeTakeFirst();
    const lastPruned = Number(oldest?.seq ?? 0);
    let changes = 0;
    if (lastPruned > 0) {
      const deleted = await trx.deleteFrom('changes').where('seq', '<=', lastPruned).executeTakeFirst();
      changes = Number(deleted.numDeletedRows);
      await trx
        .insertInto('sync_meta')
        .values({ key: RETAINED_FROM_KEY, value: String(lastPruned + 1) })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(lastPruned + 1) }))
        .execute();
    }
    const outcomes = await trx.deleteFrom('mutation_outcomes').where('at', '<', cutoff).executeTakeFirst();
    return { changes, outcomes: Number(outcomes.numDeletedRows) };
  });
}
