import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_TICKET_NUMBER, changeTags, formatTicketNumber, normaliseTags, parseTicketNumber } from '../../../core/ticket/ticket';
import { isUuidV7, newId } from '../../../core/ids';

describe('ticket numbers read over the phone', () => {
  it('formats with the prefix and a placeholder while provisional', () => {
    expect(formatTicketNumber(104233)).toBe('SB-104233');
    expect(formatTicketNumber(null)).toBe('SB-pending');
  });

  it('parses what a caller reads back', () => {
    expect(parseTicketNumber('SB-1042')).toBe(1042);
    expect(parseTicketNumber('sb 1042')).toBe(1042);
    expect(parseTicketNumber('#1042')).toBe(1042);
    expect(parseTicketNumber(' 1042 ')).toBe(1042);
    expect(parseTicketNumber('SB-')).toBeNull();
    expect(parseTicketNumber('order 1042')).toBeNull();
    expect(parseTicketNumber('0')).toBeNull();
    expect(parseTicketNumber('1234567890123')).toBeNull();
  });

  it('round-trips every positive number', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: MAX_TICKET_NUMBER }), (n) => parseTicketNumber(formatTicketNumber(n)) === n));
  });
});

describe('tags', () => {
  it('are one spelling, deduplicated and sorted', () => {
    expect(normaliseTags(['VIP', ' vip ', 'Router Reset', '', 'x'.repeat(41)])).toEqual(['router-reset', 'vip']);
  });

  it('merge per element: concurrent adds and removes commute', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<string>('a', 'b', 'c')), fc.array(fc.constantFrom<string>('a', 'b', 'c')), fc.array(fc.constantFrom<string>('a', 'b', 'c')), (start, add, remove) => {
        const removeFirst = changeTags(changeTags(start, [], remove), add, []);
        const addFirst = changeTags(changeTags(start, add, []), [], remove);
        // Same elements touched by both sides aside, the order of two agents' changes does not matter.
        const untouched = (tags: string[]) => tags.filter((t) => !(add.includes(t) && remove.includes(t)));
        expect(untouched(removeFirst)).toEqual(untouched(addFirst));
      }),
    );
    expect(changeTags(['router'], ['VIP', 'callback'], ['router'])).toEqual(['callback', 'vip']);
  });
});

describe('ids', () => {
  it('are UUIDv7 and time-ordered', () => {
    const ids = Array.from({ length: 50 }, () => newId());
    for (const id of ids) expect(isUuidV7(id)).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(isUuidV7('9b2c3c1e-6f1a-4c8e-9d6b-0f4d2a3b5c6d')).toBe(false);
  });
});
