import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import { runStatement } from './prepared-query';
import type { StorageSchema } from './schema';

export type SavepointResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/**
 * Transactions whose savepoints are left out until one of them is needed: whether one was. Keyed by the
 * transaction object the body receives; a builder derived from it (withPlugin, withSchema) is another
 * object and runs with real savepoints.
 */
const optimistic = new WeakMap<object, { needed: boolean }>();

/**
 * Whether this transaction runs without savepoints: nothing it wrote can be rolled back alone, so what it
 * remembers of its own writes (the change-log rows it appended, say) stays true until it ends.
 */
export function savepointsLeftOut(trx: object): boolean {
  return optimistic.has(trx);
}

/** A part failed in a transaction running without savepoints: it is rolled back whole and run again with them. */
class SavepointNeeded extends Error {
  constructor(cause?: unknown) {
    super('a savepoint was needed; the transaction runs again with its savepoints', { cause });
    this.name = 'SavepointNeeded';
  }
}

/**
 * Runs `body` in a transaction first without its savepoints, then, only if a part of it failed, rolls
 * the whole transaction back and runs it again with them. A savepoint makes SQLite copy every page a
 * part writes before it writes it (its sub-journal): in a push, a savepoint per mutation and per
 * escalation took two thirds of SQLite's time (replayed statements, docs/performance.md), while a part
 * fails only on a bug or bad stored data. The first run's failure is never committed, even if someone
 * catches it, and the second run is exactly what the savepoints always did, so the outcome is the same.
 */
export async function runWithOptimisticSavepoints<T>(db: Kysely<StorageSchema>, body: (trx: Transaction<StorageSchema>) => Promise<T>): Promise<T> {
  const state = { needed: false };
  try {
    return await db.transaction().execute(async (trx) => {
      optimistic.set(trx, state);
      const value = await body(trx);
      if (state.needed) throw new SavepointNeeded();
      return value;
    });
  } catch (error) {
    // Run again whatever ended the first run once a part had failed: a later error may come from that
    // part's writes, which no savepoint took back.
    if (!state.needed) throw error;
  }
  return db.transaction().execute(body);
}

/**
 * A named savepoint inside a transaction: the part of a push, a mutation or an escalation check that
 * can fail alone. Its three statements are compiled once and run straight on the connection.
 */
export class Savepoint {
  private readonly begin: CompiledQuery;
  private readonly release: CompiledQuery;
  private readonly rollback: CompiledQuery;

  constructor(name: string) {
    this.begin = CompiledQuery.raw(`savepoint ${name}`);
    this.release = CompiledQuery.raw(`release savepoint ${name}`);
    this.rollback = CompiledQuery.raw(`rollback to savepoint ${name}`);
  }

  /**
   * Runs `work` in the savepoint: released when it succeeds, rolled back when it throws, and the error
   * returned. A rollback that fails too means the fault ended the whole transaction (disk full, I/O):
   * then the work's own error is thrown, so the transaction fails with its real cause.
   */
  async run<T>(trx: Transaction<StorageSchema>, work: () => Promise<T>): Promise<SavepointResult<T>> {
    const withoutSavepoints = optimistic.get(trx);
    if (withoutSavepoints) {
      if (withoutSavepoints.needed) throw new SavepointNeeded();
      try {
        return { ok: true, value: await work() };
      } catch (error) {
        withoutSavepoints.needed = true;
        throw new SavepointNeeded(error);
      }
    }
    await runStatement(trx, this.begin);
    try {
      const value = await work();
      await runStatement(trx, this.release);
      return { ok: true, value };
    } catch (error) {
      try {
        await runStatement(trx, this.rollback);
        await runStatement(trx, this.release);
      } catch {
        throw error;
      }
      return { ok: false, error };
    }
  }
}
