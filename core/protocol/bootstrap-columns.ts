import type { BootstrapPage, Change } from './sync-messages';

type PutChange = Extract<Change, { op: 'put' }>;
type Entity = PutChange['entity'];

/** One entity's rows of a page: the field names once, then each row's values in that order. */
export interface BootstrapColumnTable {
  readonly entity: Entity;
  readonly fields: readonly string[];
  readonly rows: ReadonlyArray<readonly unknown[]>;
}

/**
 * A bootstrap page with its rows as arrays under one list of field names (`?shape=columns`). A ticket's
 * field names were about a third of its JSON, and every row carried the same `seq` (the snapshot's) and
 * `op`: a bootstrap of 100,000 tickets of about 1 KB is 30 % smaller, and the server, the network and the
 * workstation handle that much less text (docs/performance.md, "Seventeenth session").
 */
export interface BootstrapColumnsPage {
  readonly snapshotSeq: number;
  readonly tables: readonly BootstrapColumnTable[];
  readonly next: string | null;
}

const ENTITIES: ReadonlySet<string> = new Set<Entity>(['ticket', 'comment', 'call', 'customer', 'event']);
/** A row field the server may name: an identifier, and not `__proto__`, whose assignment would set the row's prototype. */
const FIELD_NAME = /^[A-Za-z_$][\w$]{0,63}$/;
const isFieldName = (name: unknown): name is string => typeof name === 'string' && FIELD_NAME.test(name) && name !== '__proto__';

export class BootstrapShapeError extends Error {
  override readonly name = 'BootstrapShapeError';
}

/**
 * Groups a page's rows by entity, in the order they came (the phases keep one entity together). Every
 * field of every row is kept: a row with a field the first lacked widens the table, and the rows before it
 * send null there. The server's mappers give every row of an entity the same fields, with null for "none".
 */
export function toColumnsPage(page: BootstrapPage): BootstrapColumnsPage {
  const tables: Array<{ entity: Entity; fields: string[]; slot: Map<string, number>; rows: unknown[][] }> = [];
  for (const change of page.rows) {
    let table = tables.at(-1);
    if (table?.entity !== change.entity) {
      table = { entity: change.entity, fields: [], slot: new Map(), rows: [] };
      tables.push(table);
    }
    const row = change.row as unknown as Record<string, unknown>;
    const values: unknown[] = new Array<unknown>(table.fields.length).fill(null);
    for (const field in row) {
      let at = table.slot.get(field);
      if (at === undefined) {
        at = table.fields.push(field) - 1;
        table.slot.set(field, at);
      }
      values[at] = row[field];
    }
    table.rows.push(values);
  }
  for (const table of tables) for (const values of table.rows) while (values.length < table.fields.length) values.push(null);
  return { snapshotSeq: page.snapshotSeq, tables: tables.map(({ entity, fields, rows }) => ({ entity, fields, rows })), next: page.next };
}

/**
 * The page back as `put` changes at the snapshot's sequence, for the engine to store. A page that is not
 * shaped as the server sends it throws BootstrapShapeError, before any row is handed on.
 */
export function fromColumnsPage(body: unknown): BootstrapPage {
  const page = body as Partial<BootstrapColumnsPage> | null;
  if (typeof page !== 'object' || page === null) throw new BootstrapShapeError('The bootstrap page is not an object.');
  const { snapshotSeq, tables, next } = page;
  if (!Number.isSafeInteger(snapshotSeq) || (snapshotSeq as number) < 0) throw new BootstrapShapeError('The bootstrap page has no snapshot sequence.');
  if (next !== null && typeof next !== 'string') throw new BootstrapShapeError('The bootstrap page has no next position.');
  if (!Array.isArray(tables)) throw new BootstrapShapeError('The bootstrap page has no tables.');
  const seq = snapshotSeq as number;
  const rows: PutChange[] = [];
  for (const table of tables as unknown[]) {
    const { entity, fields, rows: values } = (table ?? {}) as Partial<BootstrapColumnTable>;
    if (typeof entity !== 'string' || !ENTITIES.has(entity)) throw new BootstrapShapeError(`The bootstrap page names an unknown entity: ${String(entity)}.`);
    if (!Array.isArray(fields) || !fields.every(isFieldName)) throw new BootstrapShapeError(`The bootstrap page's ${entity} fields are not plain names.`);
    if (new Set(fields).size !== fields.length) throw new BootstrapShapeError(`The bootstrap page names a ${entity} field twice.`);
    const idAt = fields.indexOf('id');
    if (idAt < 0) throw new BootstrapShapeError(`The bootstrap page's ${entity} rows have no id.`);
    if (!Array.isArray(values)) throw new BootstrapShapeError(`The bootstrap page's ${entity} rows are not a list.`);
    const width = fields.length;
    for (const value of values as unknown[]) {
      if (!Array.isArray(value) || value.length !== width) throw new BootstrapShapeError(`A bootstrap ${entity} row does not match its fields.`);
      // The mirror's key: anything else would fail the page's transaction with an IndexedDB error.
      if (typeof value[idAt] !== 'string' || value[idAt] === '') throw new BootstrapShapeError(`A bootstrap ${entity} row has no id.`);
      const row: Record<string, unknown> = {};
      for (let f = 0; f < width; f++) row[fields[f]!] = value[f];
      rows.push({ seq, entity, op: 'put', row } as unknown as PutChange);
    }
  }
  return { snapshotSeq: seq, rows, next: next ?? null };
}
