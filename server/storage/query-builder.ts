import { Kysely, SqliteDialect } from 'kysely';
import type { SqliteDatabase } from './database';
import type { StorageSchema } from './schema';
import { runPreparedDirectly } from './prepared-query';
import { StatementProfile } from './statement-profile';

export type Db = Kysely<StorageSchema>;

/** Distinct SQL texts kept prepared: the repositories use a few hundred, ticket.update's column sets up to 512 more. */
const STATEMENT_CACHE_LIMIT = 2_000;

/**
 * Repositories speak Kysely, not SQLite: the same queries run on PostgreSQL when a team outgrows one
 * machine, by handing them a Kysely built on the PostgreSQL dialect instead. Kysely prepares every query
 * it runs; compiling the same SQL again was a tenth of the push path's time, so statements are kept by
 * their text (Kysely runs one query at a time on this connection, so a kept statement is never busy).
 */
export function createQueryBuilder(sqlite: SqliteDatabase): Db {
  const statements = new Map<string, ReturnType<SqliteDatabase['prepare']>>();
  const profile = process.env.SWITCHBOARD_SQL_PROFILE ? new StatementProfile(process.env.SWITCHBOARD_SQL_PROFILE) : null;
  const database = {
    close: () => sqlite.close(),
    prepare: (sql: string) => {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= STATEMENT_CACHE_LIMIT) statements.clear();
        statement = sqlite.prepare(sql);
        profile?.watch(sql, statement);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
  const db = new Kysely<StorageSchema>({ dialect: new SqliteDialect({ database }) });
  // The same answer Kysely's SQLite driver gives, without its executor (prepared-query.ts).
  runPreparedDirectly(db, ({ sql, parameters }) => {
    const statement = database.prepare(sql);
    if (statement.reader) return { rows: statement.all(parameters as unknown[]) };
    const { changes, lastInsertRowid } = statement.run(parameters as unknown[]);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  });
  return db;
}
