import { describe, expect, it } from 'vitest';
import { writeTime } from '../../../server/sync/mutators/write-time';

describe('a mutation’s write time', () => {
  it('is the instant’s ISO text, for the same Date again and for each new one', () => {
    const now = new Date('2026-12-07T09:30:00.123Z');
    expect(writeTime(now)).toBe('2026-12-07T09:30:00.123Z');
    expect(writeTime(now)).toBe('2026-12-07T09:30:00.123Z');
    expect(writeTime(new Date('2026-12-07T09:30:01.000Z'))).toBe('2026-12-07T09:30:01.000Z');
    // Another Date of the same instant gives the same text.
    expect(writeTime(new Date('2026-12-07T09:30:01.000Z'))).toBe('2026-12-07T09:30:01.000Z');
  });

  it('follows a Date changed in place instead of repeating its old text', () => {
    const now = new Date('2026-12-07T10:00:00.000Z');
    expect(writeTime(now)).toBe('2026-12-07T10:00:00.000Z');
    now.setTime(now.getTime() + 60_000);
    expect(writeTime(now)).toBe('2026-12-07T10:01:00.000Z');
  });

  it('refuses an invalid Date as toISOString does, rather than stamping a row with the last good time', () => {
    writeTime(new Date('2026-12-07T10:00:00.000Z'));
    expect(() => writeTime(new Date(Number.NaN))).toThrow(RangeError);
  });
});
