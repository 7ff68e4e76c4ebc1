import { CompiledQuery, type Transaction } from 'kysely';
import { runStatement } from './prepared-query';
import type { StorageSchema } from './schema';

export type SavepointResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

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
