import { DateTime } from 'luxon';
import { calendarZone } from './cached-zone';
import { minutesOfDay, type BusinessCalendar, type IsoWeekday } from './business-calendar';

/** A span of time in epoch milliseconds, start inclusive, end exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

const MINUTE = 60_000;
/** No calendar that passes validation needs longer than this to find its next open minute. */
const SEARCH_LIMIT_DAYS = 3_660;

/** The local-wall-clock instant of `minutes` after midnight of `day` in the calendar's zone. */
function atMinute(day: DateTime, minutes: number): number {
  // Luxon resolves a wall-clock time inside a spring-forward gap by moving it forward by the gap, so a
  // shift starting at 01:30 on that day starts at 02:30 (after the jump); one ending in it ends there too.
  return minutes >= 1440 ? day.plus({ days: 1 }).startOf('day').toMillis() : day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toMillis();
}

function isHoliday(calendar: BusinessCalendar, day: DateTime): boolean {
  return calendar.holidays.includes(day.toISODate() ?? '');
}

/**
 * The calendar's open spans that intersect [from, to), built day by day in the calendar's own zone,
 * so a DST day is 23 or 25 hours long and a shift keeps its wall-clock times across the change.
 */
export function openSpans(calendar: BusinessCalendar, from: number, to: number): Span[] {
  const spans: Span[] = [];
  let day = DateTime.fromMillis(from, { zone: calendarZone(calendar.timeZone) }).startOf('day');
  for (let guard = 0; day.toMillis() < to && guard < SEARCH_LIMIT_DAYS; guard++, day = day.plus({ days: 1 })) {
    if (isHoliday(calendar, day)) continue;
    for (const shift of calendar.weeklyHours[day.weekday as IsoWeekday] ?? []) {
      const start = Math.max(atMinute(day, minutesOfDay(shift.start)), from);
      const end = Math.min(atMinute(day, minutesOfDay(shift.end)), to);
      if (end > start) spans.push({ start, end });
    }
  }
  return spans;
}

export function businessMinutesBetween(calendar: BusinessCalendar, from: number, to: number): number {
  if (to <= from) return 0;
  return openSpans(calendar, from, to).reduce((sum, span) => sum + (span.end - span.start), 0) / MINUTE;
}

/**
 * The instant at which `minutes` of open time have passed after `start` (counting from the next
 * opening when `start` is outside hours). Throws for a calendar that is never open within ten years.
 */
export function addBusinessMinutes(calendar: BusinessCalendar, start: number, minutes: number): number {
  let remaining = minutes * MINUTE;
  if (remaining <= 0) return start;
  let from = start;
  for (let window = 0; window < SEARCH_LIMIT_DAYS / 30; window++) {
    const to = DateTime.fromMillis(from, { zone: calendarZone(calendar.timeZone) }).plus({ days: 31 }).toMillis();
    for (const span of openSpans(calendar, from, to)) {
      const length = span.end - span.start;
      if (remaining <= length) return span.start + remaining;
      remaining -= length;
    }
    from = to;
  }
  throw new Error(`Calendar "${calendar.id}" has no open time in the next ten years.`);
}

/**
 * The length of a standard working day: the most common non-zero daily open time across the week
 * (ties: the longer). "5 working days" means five of these, counted in business time.
 */
export function workingDayMinutes(calendar: BusinessCalendar): number {
  const lengths = ([1, 2, 3, 4, 5, 6, 7] as const)
    .map((d) => (calendar.weeklyHours[d] ?? []).reduce((sum, s) => sum + minutesOfDay(s.end) - minutesOfDay(s.start), 0))
    .filter((n) => n > 0);
  const counts = new Map<number, number>();
  for (const n of lengths) counts.set(n, (counts.get(n) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [n, count] of counts) {
    if (count > bestCount || (count === bestCount && n > best)) {
      best = n;
      bestCount = count;
    }
  }
  return best;
}
