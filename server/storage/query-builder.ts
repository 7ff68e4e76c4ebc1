import { Kysely, SqliteDialect } from 'kysely';
import type { SqliteDatabase } from './database';
import type { StorageSchema } from './schema';

export type Db = Kysely<StorageSchema>;

/**
 * Repositories speak Kysely, not SQLite: the same queries run on PostgreSQL when a team outgrows one
 * machine, by handing them a Kysely built on the PostgreSQL dialect instead.
 */
export function createQueryBuilder(sqlite: SqliteDatabase): Db {
  return new Kysely<StorageSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
}
