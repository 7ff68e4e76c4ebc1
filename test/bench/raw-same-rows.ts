import Database from 'better-sqlite3';

type Row = Record<string, unknown>;

/** What a database held before a run: a copy of it, and how far each table's rows went. */
export interface StoredRowsBefore {
  readonly copyFile: string;
  readonly highestRowid: ReadonlyMap<string, number>;
  /** Tables without rowids are small in a fresh workspace; their rows are remembered whole. */
  readonly keyedRows: ReadonlyMap<string, ReadonlySet<string>>;
}

const tablesOf = (db: Database.Database) =>
  (db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string; sql: string }>).map((t) => ({
    name: t.name,
    withoutRowid: /WITHOUT ROWID/i.test(t.sql),
  }));

/**
 * Before the run: the server's database copied as it is (VACUUM INTO reads a consistent snapshot while
 * the server keeps it open) and a mark in each table, so the rows the run writes can be told apart.
 */
export function beforeRun(databaseFile: string, copyFile: string): StoredRowsBefore {
  const db = new Database(databaseFile, { readonly: true });
  try {
    const highestRowid = new Map<string, number>();
    const keyedRows = new Map<string, Set<string>>();
    for (const table of tablesOf(db)) {
      if (table.withoutRowid) keyedRows.set(table.name, new Set((db.prepare(`SELECT * FROM "${table.name}"`).all() as Row[]).map((r) => JSON.stringify(r))));
      else highestRowid.set(table.name, (db.prepare(`SELECT coalesce(max(rowid), 0) AS n FROM "${table.name}"`).get() as { n: number }).n);
    }
    db.prepare('VACUUM INTO ?').run(copyFile);
    return { copyFile, highestRowid, keyedRows };
  } finally {
    db.close();
  }
}

/** After the run: every row it added (and, in tables without rowids, every row it changed), table by table. */
export function rowsWritten(databaseFile: string, before: StoredRowsBefore): Map<string, Row[]> {
  const db = new Database(databaseFile, { readonly: true });
  try {
    const written = new Map<string, Row[]>();
    for (const table of tablesOf(db)) {
      const rows = table.withoutRowid
        ? (db.prepare(`SELECT * FROM "${table.name}"`).all() as Row[]).filter((r) => !before.keyedRows.get(table.name)?.has(JSON.stringify(r)))
        : (db.prepare(`SELECT * FROM "${table.name}" WHERE rowid > ? ORDER BY rowid`).all(before.highestRowid.get(table.name) ?? 0) as Row[]);
      if (rows.length > 0) written.set(table.name, rows);
    }
    return written;
  } finally {
    db.close();
  }
}

/**
 * The raw limit of the storage work a push does: the very rows it wrote, inserted by bare better-sqlite3
 * into the copy of the database as it was before (same schema, same indexes, WAL, synchronous=FULL), in
 * as many transactions as there were pushes. Foreign keys are off, so the raw side does not even check them.
 * Returns the whole insert's time in ms.
 */
export function insertRaw(before: StoredRowsBefore, written: ReadonlyMap<string, Row[]>, transactions: number): number {
  const db = new Database(before.copyFile);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = OFF');
    const tables = [...written].map(([name, rows]) => {
      const columns = Object.keys(rows[0]!);
      const insert = db.prepare(`INSERT OR REPLACE INTO "${name}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      return { rows, insert, columns };
    });
    const write = db.transaction((part: number) => {
      for (const { rows, insert, columns } of tables) {
        const from = Math.floor((part * rows.length) / transactions);
        const to = Math.floor(((part + 1) * rows.length) / transactions);
        for (let i = from; i < to; i++) insert.run(columns.map((c) => rows[i]![c]));
      }
    });
    const started = performance.now();
    for (let part = 0; part < transactions; part++) write(part);
    return performance.now() - started;
  } finally {
    db.close();
  }
}
