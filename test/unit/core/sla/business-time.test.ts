import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BUSINESS_CALENDAR, validateBusinessCalendar, type BusinessCalendar } from '../../../../core/sla/business-calendar';
import { addBusinessMinutes, businessMinutesBetween, workingDayMinutes } from '../../../../core/sla/business-time';

const at = (iso: string) => Date.parse(iso);
const add = (cal: BusinessCalendar, start: string, minutes: number) => new Date(addBusinessMinutes(cal, at(start), minutes)).toISOString();
const weekdays = (shifts: Array<{ start: string; end: string }>) => Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, shifts]));
const everyDay = (shifts: Array<{ start: string; end: string }>) => Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, shifts]));

const LONDON = DEFAULT_BUSINESS_CALENDAR; // Mon–Fri 09:00–17:00, Europe/London (= UTC in winter)
const SPLIT: BusinessCalendar = { ...LONDON, id: 'split', weeklyHours: weekdays([{ start: '09:00', end: '12:30' }, { start: '13:30', end: '17:30' }]) };
const LONDON_24_7: BusinessCalendar = { ...LONDON, id: 'ldn-247', weeklyHours: everyDay([{ start: '00:00', end: '24:00' }]) };
const NEW_YORK_24_7: BusinessCalendar = { ...LONDON_24_7, id: 'ny-247', timeZone: 'America/New_York' };
const NIGHT_SHIFT: BusinessCalendar = { ...LONDON, id: 'night', weeklyHours: everyDay([{ start: '01:00', end: '03:00' }]) };
const HOLIDAYS: BusinessCalendar = { ...LONDON, id: 'holidays', holidays: ['2026-12-25', '2026-12-28', '2027-01-01'] };

describe('business-hours arithmetic', () => {
  it('counts only open time on weekdays', () => {
    expect(add(LONDON, '2026-11-23T10:00:00.000Z', 480)).toBe('2026-11-24T10:00:00.000Z'); // Mon 10:00 + one working day
    expect(add(LONDON, '2026-11-23T07:00:00.000Z', 60)).toBe('2026-11-23T10:00:00.000Z'); // before opening
    expect(add(LONDON, '2026-11-23T18:00:00.000Z', 60)).toBe('2026-11-24T10:00:00.000Z'); // after closing
    expect(add(LONDON, '2026-11-27T16:00:00.000Z', 120)).toBe('2026-11-30T10:00:00.000Z'); // Friday → Monday
    expect(add(LONDON, '2026-11-28T12:00:00.000Z', 30)).toBe('2026-11-30T09:30:00.000Z'); // from Saturday
    expect(businessMinutesBetween(LONDON, at('2026-11-27T12:00:00.000Z'), at('2026-11-30T12:00:00.000Z'))).toBe(480);
  });

  it('handles split shifts, including a start inside the lunch gap', () => {
    expect(add(SPLIT, '2026-11-23T12:00:00.000Z', 60)).toBe('2026-11-23T14:00:00.000Z');
    expect(add(SPLIT, '2026-11-23T12:45:00.000Z', 60)).toBe('2026-11-23T14:30:00.000Z');
    expect(businessMinutesBetween(SPLIT, at('2026-11-23T09:00:00.000Z'), at('2026-11-24T09:00:00.000Z'))).toBe(450);
  });

  it('follows DST in London both ways: a 23-hour and a 25-hour day', () => {
    // Saturday 00:00 GMT to Monday 00:00 BST is 47 real hours; the autumn weekend is 49.
    expect(businessMinutesBetween(LONDON_24_7, at('2026-03-28T00:00:00.000Z'), at('2026-03-29T23:00:00.000Z'))).toBe(47 * 60);
    expect(businessMinutesBetween(LONDON_24_7, at('2026-10-23T23:00:00.000Z'), at('2026-10-26T00:00:00.000Z'))).toBe(49 * 60);
    // 24 open hours from Saturday noon GMT end Sunday 13:00 BST (= 12:00Z): the wall clock moved 25 hours.
    expect(add(LONDON_24_7, '2026-03-28T12:00:00.000Z', 24 * 60)).toBe('2026-03-29T12:00:00.000Z');
  });

  it('keeps a 01:00–03:00 shift in wall-clock time across both DST changes', () => {
    // Spring: 01:00 does not exist, the shift runs 02:00–03:00 BST (one hour). Autumn: 01:00 BST to 03:00 GMT (three hours).
    expect(businessMinutesBetween(NIGHT_SHIFT, at('2026-03-29T00:00:00.000Z'), at('2026-03-29T12:00:00.000Z'))).toBe(60);
    expect(businessMinutesBetween(NIGHT_SHIFT, at('2026-10-24T23:00:00.000Z'), at('2026-10-25T12:00:00.000Z'))).toBe(180);
    expect(add(NIGHT_SHIFT, '2026-03-29T00:00:00.000Z', 30)).toBe('2026-03-29T01:30:00.000Z');
  });

  it('follows DST in New York both ways', () => {
    expect(businessMinutesBetween(NEW_YORK_24_7, at('2026-03-08T05:00:00.000Z'), at('2026-03-09T04:00:00.000Z'))).toBe(23 * 60);
    expect(businessMinutesBetween(NEW_YORK_24_7, at('2026-11-01T04:00:00.000Z'), at('2026-11-02T05:00:00.000Z'))).toBe(25 * 60);
  });

  it('skips holidays, consecutive with a weekend, and across the year end', () => {
    // Thu 24 Dec 16:00 + 3 h: 1 h on Thursday; 25th holiday, weekend, 28th holiday; 2 h on Tuesday 29th.
    expect(add(HOLIDAYS, '2026-12-24T16:00:00.000Z', 180)).toBe('2026-12-29T11:00:00.000Z');
    // Thu 31 Dec 16:00 + 2 h: 1 h in 2026; New Year's Day and the weekend closed; 1 h on Mon 4 Jan 2027.
    expect(add(HOLIDAYS, '2026-12-31T16:00:00.000Z', 120)).toBe('2027-01-04T10:00:00.000Z');
  });

  it('knows a standard working day', () => {
    expect(workingDayMinutes(LONDON)).toBe(480);
    expect(workingDayMinutes(SPLIT)).toBe(450);
    const shortFriday = { ...LONDON, weeklyHours: { ...LONDON.weeklyHours, 5: [{ start: '09:00', end: '15:00' }] } };
    expect(workingDayMinutes(shortFriday)).toBe(480);
  });

  it('adding and measuring agree, for random calendars, zones, starts and amounts', () => {
    const zones = ['UTC', 'Europe/London', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata'];
    const shift = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 1, max: 8 })).map(([h, len]) => ({ startH: h, endH: Math.min(24, h + len) }));
    const calendar = fc.record({ zone: fc.constantFrom(...zones), days: fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }), shift }).map(({ zone, days, shift: s }) => ({
      id: 'random', name: 'random', timeZone: zone, holidays: ['2026-12-25'],
      weeklyHours: Object.fromEntries(days.map((d) => [d, [{ start: `${String(s.startH).padStart(2, '0')}:00`, end: s.endH === 24 ? '24:00' : `${String(s.endH).padStart(2, '0')}:00` }]])),
    }) as BusinessCalendar);
    fc.assert(
      fc.property(calendar, fc.integer({ min: at('2026-01-01T00:00:00Z'), max: at('2027-12-31T00:00:00Z') }), fc.integer({ min: 0, max: 20_000 }), (cal, start, minutes) => {
        expect(validateBusinessCalendar(cal).ok).toBe(true);
        const end = addBusinessMinutes(cal, start, minutes);
        expect(end).toBeGreaterThanOrEqual(start);
        expect(businessMinutesBetween(cal, start, end)).toBeCloseTo(minutes, 6);
        expect(addBusinessMinutes(cal, start, minutes + 1)).toBeGreaterThan(end);
      }),
      { numRuns: 150 },
    );
  });
});

describe('calendar validation', () => {
  it('refuses what would make clocks wrong, with the reason', () => {
    const reason = (candidate: unknown) => {
      const r = validateBusinessCalendar(candidate);
      return r.ok ? 'ok' : r.error.reason;
    };
    expect(reason(LONDON)).toBe('ok');
    expect(reason({ ...LONDON, timeZone: 'Mars/Olympus' })).toContain('not a time zone');
    expect(reason({ ...LONDON, weeklyHours: { 1: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '14:00' }] } })).toContain('overlap');
    expect(reason({ ...LONDON, weeklyHours: { 1: [{ start: '17:00', end: '09:00' }] } })).toContain('ends before it starts');
    expect(reason({ ...LONDON, weeklyHours: { 1: [{ start: '9am', end: '17:00' }] } })).toContain('HH:mm');
    expect(reason({ ...LONDON, weeklyHours: {} })).toContain('never open');
    expect(reason({ ...LONDON, holidays: ['2026-02-30'] })).toContain('not a date');
  });
});
