import { describe, expect, it } from 'vitest';
import { BootstrapShapeError, fromColumnsPage, toColumnsPage, type BootstrapColumnsPage } from '../../../core/protocol/bootstrap-columns';
import type { BootstrapPage } from '../../../core/protocol/sync-messages';

const ticket = (id: string, number: number, extra: Record<string, unknown> = {}) => ({
  id,
  number,
  subject: `Printer ${number} offline`,
  assigneeId: null,
  tags: ['printer', 'floor-2'],
  slaDueAt: '2026-12-07T09:00:00.000Z',
  version: 41,
  ...extra,
});

const page = (rows: Array<{ entity: string; row: Record<string, unknown> }>, next: string | null = '3:abc'): BootstrapPage =>
  ({ snapshotSeq: 120, rows: rows.map(({ entity, row }) => ({ seq: 120, entity, op: 'put', row })), next }) as unknown as BootstrapPage;

describe('bootstrap pages as columns', () => {
  it('gives back every row exactly as it was, nulls, lists and nested data included, in the same order', () => {
    const original = page([
      { entity: 'ticket', row: ticket('t1', 1001) },
      { entity: 'ticket', row: ticket('t2', 1002, { assigneeId: 'u-ada' }) },
      { entity: 'customer', row: { id: 'c1', name: 'Ines Ortega', phones: ['+442071838750'], company: null, version: 3 } },
      { entity: 'event', row: { id: 'e1', ticketId: 't1', kind: 'escalated', at: '2026-12-06T10:00:00.000Z', data: { level: 2, reason: 'VIP' } } },
    ]);
    const wire = JSON.parse(JSON.stringify(toColumnsPage(original))) as BootstrapColumnsPage;
    expect(wire.tables.map((t) => [t.entity, t.rows.length])).toEqual([['ticket', 2], ['customer', 1], ['event', 1]]);
    expect(fromColumnsPage(wire)).toStrictEqual(original);
  });

  it('is smaller on the wire than the same page as changes', () => {
    const original = page(Array.from({ length: 50 }, (_, i) => ({ entity: 'ticket', row: ticket(`t${i}`, 1000 + i) })));
    expect(JSON.stringify(toColumnsPage(original)).length).toBeLessThan(JSON.stringify(original).length * 0.7);
  });

  it('keeps a field only some rows have, sending null where a row lacks it', () => {
    const original = page([
      { entity: 'ticket', row: ticket('t1', 1001) },
      { entity: 'ticket', row: ticket('t2', 1002, { resolvedAt: '2026-12-06T11:00:00.000Z' }) },
    ]);
    const rows = fromColumnsPage(JSON.parse(JSON.stringify(toColumnsPage(original)))).rows.map((c) => c.row as unknown as Record<string, unknown>);
    expect(rows[0]).toStrictEqual({ ...ticket('t1', 1001), resolvedAt: null });
    expect(rows[1]).toStrictEqual(ticket('t2', 1002, { resolvedAt: '2026-12-06T11:00:00.000Z' }));
  });

  it('gives the last page back with no next position, and an empty page with no rows', () => {
    expect(fromColumnsPage(toColumnsPage(page([], null)))).toStrictEqual(page([], null));
  });

  const good = (): Record<string, unknown> => ({ snapshotSeq: 7, next: null, tables: [{ entity: 'ticket', fields: ['id', 'number'], rows: [['t1', 1001]] }] });
  const malformed: Array<[string, (p: Record<string, unknown>) => unknown]> = [
    ['not an object', () => 'rows'],
    ['no snapshot', (p) => ({ ...p, snapshotSeq: undefined })],
    ['a negative snapshot', (p) => ({ ...p, snapshotSeq: -1 })],
    ['a next that is not text', (p) => ({ ...p, next: 5 })],
    ['tables not a list', (p) => ({ ...p, tables: {} })],
    ['an unknown entity', (p) => ({ ...p, tables: [{ entity: 'user', fields: ['id'], rows: [] }] })],
    // Assigned to a row, `__proto__` would set that row's prototype: the row would lose the field and inherit others.
    ['a field named __proto__', (p) => ({ ...p, tables: [{ entity: 'ticket', fields: ['id', '__proto__'], rows: [['t1', { assigneeId: 'u-mallory' }]] }] })],
    ['a field name that is not an identifier', (p) => ({ ...p, tables: [{ entity: 'ticket', fields: ['id', 'team id'], rows: [['t1', 1]] }] })],
    ['a field named twice', (p) => ({ ...p, tables: [{ entity: 'ticket', fields: ['id', 'number', 'number'], rows: [['t1', 1001, 1002]] }] })],
    ['rows without an id', (p) => ({ ...p, tables: [{ entity: 'ticket', fields: ['number'], rows: [[1001]] }] })],
    ['a row whose id is not text', (p) => ({ ...p, tables: [{ entity: 'ticket', fields: ['id', 'number'], rows: [['t1', 1001], [null, 1002]] }] })],
    ['a row narrower than its fields', (p) => ({ ...p, tables: [{ entity: 'ticket', fields: ['id', 'number'], rows: [['t1']] }] })],
    ['a row that is not a list', (p) => ({ ...p, tables: [{ entity: 'ticket', fields: ['id'], rows: [{ id: 't1' }] }] })],
  ];
  it.each(malformed)('refuses a page with %s, handing on no row', (_, spoil) => {
    expect(fromColumnsPage(good()).rows).toHaveLength(1);
    expect(() => fromColumnsPage(spoil(good()))).toThrow(BootstrapShapeError);
  });

  it('takes any identifier the server may add as a field, underscores and digits included', () => {
    const page = { snapshotSeq: 7, next: null, tables: [{ entity: 'ticket', fields: ['id', 'sla_due2', '$v'], rows: [['t1', 'x', 1]] }] };
    expect(fromColumnsPage(page).rows[0]!.row).toStrictEqual({ id: 't1', sla_due2: 'x', $v: 1 });
  });
});
