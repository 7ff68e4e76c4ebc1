import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runMigrations } from './migrations';

export type SqliteDatabase = Database.Database;

export const DATABASE_FILE = 'switchboard.sqlite';

/**
 * Opens the embedded store. WAL lets readers (bootstrap pages, REST) run beside the single writer;
 * synchronous=FULL because a client is told "saved" only for what has reached the disk.
 */
export function openDatabase(dataDir: string): SqliteDatabase {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, DATABASE_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  runMigrations(db);
  return db;
}
