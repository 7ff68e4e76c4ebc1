import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EntryOrder } from '../../../renderer/queues/entry-order';
import { QueueColumns, slotComparator } from '../../../renderer/queues/queue-columns';
import { ENTRY_ORDERS, type EntryOrderName, type QueueEntry } from '../../../renderer/queues/queue-entry';

const entry = (id: string, due: number, updatedAt: number, escalation: number): QueueEntry => ({
  id, open: true, status: 'open', priority: due % 4, teamId: '', assigneeId: '', categoryId: 'c', channel: 'phone', due, atRisk: Infinity, escalation, updatedAt,
});

const change = fc.record({
  id: fc.integer({ min: 0, max: 60 }).map((n) => `t${String(n).padStart(3, '0')}`),
  gone: fc.boolean(),
  due: fc.integer({ min: 0, max: 20 }),
  updatedAt: fc.integer({ min: 0, max: 20 }),
  escalated: fc.boolean(),
});

describe('an order of queue entries kept as tickets change', () => {
  it('always equals the entries sorted afresh, whether changes come one at a time or in batches of hundreds', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<EntryOrderName>('due', 'priority', 'updated', 'created', 'escalation'),
        // Batches between reads: small ones are spliced in, large ones merged.
        fc.array(fc.oneof(fc.array(change, { maxLength: 10 }), fc.array(change, { minLength: 40, maxLength: 120 })), { maxLength: 8 }),
        (name, batches) => {
          const holds = name === 'escalation' ? (e: QueueEntry) => !Number.isNaN(e.escalation) : () => true;
          const columns = QueueColumns.empty(4);
          const order = new EntryOrder(slotComparator(name, () => columns), (slot) => holds(columns.entry(slot)));
          const current = new Map<string, QueueEntry>();
          const slotOf = new Map<string, number>();
          for (const batch of batches) {
            for (const c of batch) {
              const before = slotOf.get(c.id);
              const after = c.gone ? undefined : entry(c.id, c.due, c.updatedAt, c.escalated ? c.due * 10 : NaN);
              if (after) {
                current.set(c.id, after);
                slotOf.set(c.id, columns.add(after));
              } else {
                current.delete(c.id);
                slotOf.delete(c.id);
              }
              order.replace(before, slotOf.get(c.id));
            }
            // The slots' order is the entries' order as queue-entry.ts defines it.
            const expected = [...current.values()].filter(holds).sort(ENTRY_ORDERS[name]).map((e) => e.id);
            expect(order.entries().map((slot) => columns.ids[slot])).toEqual(expected);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
