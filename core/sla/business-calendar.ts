import { DateTime } from 'luxon';
import { ok, refuse, type Result } from '../result';

/** Local wall-clock opening hours, "HH:mm", end exclusive; "24:00" closes at midnight. */
export interface Shift {
  readonly start: string;
  readonly end: string;
}

/** Luxon's weekday numbers: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** When a team is at work: its time zone, weekly hours (several shifts a day allowed) and holidays. */
export interface BusinessCalendar {
  readonly id: string;
  readonly name: string;
  /** IANA zone, e.g. "Europe/London". */
  readonly timeZone: string;
  readonly weeklyHours: Readonly<Partial<Record<IsoWeekday, readonly Shift[]>>>;
  /** Whole local days closed, "YYYY-MM-DD". */
  readonly holidays: readonly string[];
}

const everyDay = (shift: Shift) => Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [shift]])) as BusinessCalendar['weeklyHours'];

/** Around the clock, for teams (or priorities) whose clocks never stop for the night. */
export const ALWAYS_OPEN_CALENDAR: BusinessCalendar = {
  id: 'always-open',
  name: '24/7',
  timeZone: 'UTC',
  weeklyHours: everyDay({ start: '00:00', end: '24:00' }),
  holidays: [],
};

export const DEFAULT_BUSINESS_CALENDAR: BusinessCalendar = {
  id: 'default',
  name: 'Weekdays 09:00–17:00 (London)',
  timeZone: 'Europe/London',
  weeklyHours: Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, [{ start: '09:00', end: '17:00' }]])) as BusinessCalendar['weeklyHours'],
  holidays: [],
};

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/** Minutes after local midnight for "HH:mm" (24:00 = 1440). */
export function minutesOfDay(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h! * 60 + m!;
}

/**
 * Checks an admin's calendar: a real time zone, well-formed and ordered shifts that do not overlap,
 * real holiday dates, and some open time each week (a calendar that is never open would never let
 * an SLA clock run, and a due time would never come).
 */
export function validateBusinessCalendar(candidate: unknown): Result<BusinessCalendar, 'invalid_calendar'> {
  const bad = (reason: string) => refuse('invalid_calendar' as const, reason);
  if (typeof candidate !== 'object' || candidate === null) return bad('A calendar must be an object.');
  const c = candidate as Partial<BusinessCalendar>;
  if (typeof c.id !== 'string' || c.id === '' || typeof c.name !== 'string') return bad('A calendar needs an id and a name.');
  if (typeof c.timeZone !== 'string' || !DateTime.local().setZone(c.timeZone).isValid) {
    return bad(`"${String(c.timeZone)}" is not a time zone; use an IANA name such as "Europe/London".`);
  }
  if (typeof c.weeklyHours !== 'object' || c.weeklyHours === null) return bad('A calendar needs weekly hours.');
  let openMinutes = 0;
  for (const [day, shifts] of Object.entries(c.weeklyHours)) {
    if (!/^[1-7]$/.test(day)) return bad(`Weekday "${day}" must be 1 (Monday) to 7 (Sunday).`);
    if (!Array.isArray(shifts)) return bad(`Weekday ${day} must list its shifts.`);
    let lastEnd = -1;
    for (const shift of shifts as Shift[]) {
      if (!TIME.test(shift?.start ?? '') || !TIME.test(shift?.end ?? '') || shift.start === '24:00') {
        return bad(`Weekday ${day}: shift times must be "HH:mm" (end may be "24:00").`);
      }
      const start = minutesOfDay(shift.start);
      const end = minutesOfDay(shift.end);
      if (end <= start) return bad(`Weekday ${day}: the shift ${shift.start}–${shift.end} ends before it starts.`);
      if (start < lastEnd) return bad(`Weekday ${day}: shifts overlap or are out of order at ${shift.start}.`);
      lastEnd = end;
      openMinutes += end - start;
    }
  }
  if (openMinutes === 0) return bad('The calendar is never open; give it at least one shift.');
  if (!Array.isArray(c.holidays)) return bad('Holidays must be a list of dates.');
  for (const day of c.holidays) {
    if (typeof day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day) || !DateTime.fromISO(day).isValid) return bad(`"${String(day)}" is not a date (YYYY-MM-DD).`);
  }
  return ok(c as BusinessCalendar);
}
