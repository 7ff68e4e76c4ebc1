import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { calendarZone } from '../../../core/sla/cached-zone';

describe('calendar zones with remembered offsets', () => {
  it('give the same offset as the tz database minute by minute across DST changes', () => {
    for (const [name, around] of [
      ['Europe/London', '2026-03-29T01:00:00Z'],
      ['Europe/London', '2026-10-25T01:00:00Z'],
      ['America/New_York', '2026-03-08T07:00:00Z'],
      ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'],
      ['Asia/Kathmandu', '2026-01-01T00:00:00Z'],
    ] as const) {
      const zone = calendarZone(name);
      const plain = IANAZone.create(name);
      const centre = Date.parse(around);
      for (let ms = centre - 90 * 60_000; ms <= centre + 90 * 60_000; ms += 37_000) {
        expect(typeof zone === 'string' ? NaN : zone.offset(ms), `${name} ${new Date(ms).toISOString()}`).toBe(plain.offset(ms));
      }
      // Wall-clock arithmetic through the memo lands where luxon's own zone does.
      const start = DateTime.fromMillis(centre - 3 * 3_600_000, { zone });
      expect(start.plus({ hours: 6 }).toISO()).toBe(DateTime.fromMillis(centre - 3 * 3_600_000, { zone: name }).plus({ hours: 6 }).toISO());
    }
  });

  it('leaves a name that is not a zone to luxon, which marks it invalid', () => {
    expect(calendarZone('Mars/Olympus')).toBe('Mars/Olympus');
    expect(DateTime.fromMillis(0, { zone: calendarZone('Mars/Olympus') }).isValid).toBe(false);
  });
});
