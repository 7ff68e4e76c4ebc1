import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TicketWordIndex, type TicketRank } from '../../../renderer/search/ticket-word-index';

const open = (updatedAt: string): TicketRank => ({ open: true, updatedAt });
const done = (updatedAt: string): TicketRank => ({ open: false, updatedAt });

describe('in-memory ticket word index', () => {
  it('matches every word as a word start, open tickets first, then the latest updated, up to the limit', () => {
    const index = new TicketWordIndex();
    index.set('a', ['router', 'drops'], open('2026-11-20'));
    index.set('b', ['router', 'routers', 'firmware'], done('2026-11-24'));
    index.set('c', ['printer', 'jam'], open('2026-11-24'));
    index.set('d', ['route', 'planning'], open('2026-11-22'));
    expect(index.match(['rout'], 10)).toEqual(['d', 'a', 'b']);
    expect(index.match(['rout'], 2)).toEqual(['d', 'a']);
    expect(index.match(['router', 'firm'], 10)).toEqual(['b']);
    expect(index.match(['router', 'jam'], 10)).toEqual([]);
    expect(index.match(['zebra'], 10)).toEqual([]);
  });

  it('re-ranks a ticket whose status or update time changes, and ranks a given list of tickets', () => {
    const index = new TicketWordIndex();
    index.set('a', ['vpn'], open('2026-11-20'));
    index.set('b', ['vpn'], open('2026-11-21'));
    expect(index.match(['vpn'], 10)).toEqual(['b', 'a']);
    index.set('b', ['vpn'], done('2026-11-25'));
    expect(index.match(['vpn'], 10)).toEqual(['a', 'b']);
    expect(index.rank(['b', 'x', 'a', 'b'], 10)).toEqual(['a', 'b', 'x']);
  });

  it('forgets old words when a ticket is re-indexed, also after the dead ordinals are compacted', () => {
    const index = new TicketWordIndex();
    index.set('keep', ['vpn', 'tunnel'], open('2026-11-20'));
    index.set('closed', ['vpn'], done('2026-11-25'));
    for (let i = 0; i <= 12_000; i++) index.set('edited', [`word${i % 3}`, 'subject'], open('2026-11-21')); // the last is word0
    // The ranks survive the renumbering: the open ticket still comes before the later, closed one.
    expect(index.match(['vpn'], 10)).toEqual(['keep', 'closed']);
    expect(index.match(['word0'], 10)).toEqual(['edited']);
    expect(index.match(['word2'], 10)).toEqual([]);
    expect(index.match(['subject'], 10)).toEqual(['edited']);
    expect(index.match(['tun'], 10)).toEqual(['keep']);
    expect(index.size).toBe(3);
  });

  it('ranks by the instant of the last update, whatever its written offset; an unreadable time as the oldest', () => {
    const index = new TicketWordIndex();
    index.set('utc', ['modem'], open('2026-11-20T10:00:00.000Z'));
    index.set('berlin', ['modem'], open('2026-11-20T10:30:00.000+01:00')); // 09:30 UTC: earlier
    index.set('garbled', ['modem'], open('not a time'));
    index.set('done', ['modem'], done('2026-11-30T00:00:00.000Z'));
    expect(index.match(['modem'], 10)).toEqual(['utc', 'berlin', 'garbled', 'done']);
  });

  it('answers like a scan of every ticket, whatever the order of writes and removals', () => {
    const word = fc.constantFrom('router', 'routers', 'route', 'vpn', 'invoice', 'inv', 'modem', 'müller');
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('set' as const),
        id: fc.integer({ min: 0, max: 30 }),
        words: fc.uniqueArray(word, { maxLength: 3 }),
        rank: fc.record({ open: fc.boolean(), updatedAt: fc.constantFrom('2026-11-20', '2026-11-21', '2026-11-22') }),
      }),
      fc.record({ kind: fc.constant('remove' as const), id: fc.integer({ min: 0, max: 30 }) }),
    );
    const query = fc.uniqueArray(fc.constantFrom('r', 'rout', 'router', 'vpn', 'in', 'invoice', 'mo', 'mü', 'x'), { minLength: 1, maxLength: 2 });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), query, fc.integer({ min: 1, max: 40 }), (ops, words, limit) => {
        const index = new TicketWordIndex();
        const truth = new Map<string, { words: readonly string[]; rank: TicketRank }>();
        for (const o of ops) {
          const id = `t${String(o.id).padStart(2, '0')}`;
          if (o.kind === 'set') {
            index.set(id, o.words, o.rank);
            truth.set(id, o);
          } else {
            index.remove(id);
            truth.delete(id);
          }
        }
        const key = (id: string) => `${truth.get(id)!.rank.open ? 1 : 0}${truth.get(id)!.rank.updatedAt}${id}`;
        const expected = [...truth]
          .filter(([, t]) => words.every((q) => t.words.some((w) => w.startsWith(q))))
          .map(([id]) => id)
          .sort((a, b) => (key(a) < key(b) ? 1 : -1))
          .slice(0, limit);
        expect(index.match(words, limit)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
