import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { StorageSchema } from './schema';

/** A parameter's place in a query built once: Kysely compiles it as a bound value, which we swap per run. */
class Parameter {
  constructor(readonly name: string) {}
}

type Builder = Kysely<StorageSchema>;

/** What runs a compiled statement straight on the embedded database, without Kysely's executor. */
export type DirectRunner = (query: CompiledQuery) => QueryResult<unknown>;

/** By the query builder's adapter: shared by a Kysely instance and every transaction made from it. */
const directRunners = new WeakMap<object, DirectRunner>();

/**
 * Lets prepared queries run inside this builder's transactions straight on its connection. Only for an
 * embedded synchronous database (better-sqlite3): a transaction holds the one connection until it ends,
 * so a statement run from inside it can only land in it. Outside a transaction the query goes through
 * Kysely, which queues it behind whatever transaction holds the connection.
 */
export function runPreparedDirectly(db: Builder, runner: DirectRunner): void {
  directRunners.set(db.getExecutor().adapter, runner);
}

/** Builds the query with its parameters standing in for values (typed as the values they stand for). */
type Build<P, R> = (db: Builder, params: { readonly [K in keyof P]: P[K] }) => Compilable<R>;

interface Compiled {
  readonly query: CompiledQuery;
  /** Per bound value: the name of the parameter it takes, or the constant the query was built with. */
  readonly slots: ReadonlyArray<{ readonly name: string } | { readonly constant: unknown }>;
}

/**
 * Runs a compiled statement. Kysely's executor (its connection queue and promise chain) cost more than
 * SQLite itself for the dozen small statements a push runs per filed ticket: inside a transaction they run
 * straight on its connection, and the answer is handed back as one settled promise. Whatever throws on the
 * way (here, or Kysely refusing a transaction already ended) comes back as a rejection, as from an async
 * function.
 */
export function runStatement<R>(db: Builder, compiled: CompiledQuery<R>): Promise<QueryResult<R>> {
  try {
    const direct = db.isTransaction ? directRunners.get(db.getExecutor().adapter) : undefined;
    if (!direct) return db.executeQuery<R>(compiled);
    return Promise.resolve(direct(compiled) as QueryResult<R>);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * A query on the sync hot path, built and compiled by Kysely once per dialect instead of on every run.
 * Building and compiling cost more than SQLite takes to run these statements (23 µs against 10 µs for
 * an audit insert on this machine); a push runs about a dozen of them per filed ticket. The compiled SQL is the
 * dialect's own, so the same prepared query runs on PostgreSQL. Parameters stand only for plain values
 * (not `in` lists, whose length changes the SQL).
 */
export class PreparedQuery<P extends Record<string, unknown>, R> {
  // Keyed by the dialect's adapter class: one process could hold SQLite and PostgreSQL builders at once.
  private readonly byDialect = new WeakMap<object, Compiled>();

  constructor(private readonly build: Build<P, R>) {}

  // execute, run and executeTakeFirst are not async functions wrapping one another: a push runs about a
  // dozen statements per ticket, and each layer of async wrapping cost a promise and a turn of the queue.
  execute(db: Builder, params: P): Promise<R[]> {
    return this.run(db, params).then(rowsOf);
  }

  /** The whole result, for writes that need the count of rows they changed. */
  run(db: Builder, params: P): Promise<QueryResult<R>> {
    let compiled: CompiledQuery<R>;
    try {
      const { query, slots } = this.compiled(db);
      const parameters = slots.map((slot) => ('name' in slot ? params[slot.name] : slot.constant));
      // Same SQL and query node, new values; nothing else in a compiled query depends on them. A literal,
      // not `{ ...query, parameters }`: slow on Node 20 (docs/performance.md, "Spreads on Node 20").
      compiled = { query: query.query, queryId: query.queryId, sql: query.sql, parameters };
    } catch (error) {
      return Promise.reject(error);
    }
    return runStatement(db, compiled);
  }

  executeTakeFirst(db: Builder, params: P): Promise<R | undefined> {
    return this.run(db, params).then(firstRowOf);
  }

  private compiled(db: Builder): Compiled {
    const dialect = db.getExecutor().adapter.constructor;
    let compiled = this.byDialect.get(dialect);
    if (!compiled) {
      const names = new Proxy({}, { get: (_, name) => new Parameter(String(name)) }) as { readonly [K in keyof P]: P[K] };
      const query = this.build(db, names).compile();
      const slots = query.parameters.map((value) => (value instanceof Parameter ? { name: value.name } : { constant: value }));
      compiled = { query, slots };
      this.byDialect.set(dialect, compiled);
    }
    return compiled;
  }
}

const rowsOf = <R>(result: QueryResult<R>): R[] => result.rows as R[];
const firstRowOf = <R>(result: QueryResult<R>): R | undefined => result.rows[0];

export const prepareQuery = <P extends Record<string, unknown>, R>(build: Build<P, R>): PreparedQuery<P, R> => new PreparedQuery(build);
