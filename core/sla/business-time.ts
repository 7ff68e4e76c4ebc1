import { minutesOfDay, type BusinessCalendar } from './business-calendar';
import { calendarDays, type Span } from './calendar-days';

export type { Span } from './calendar-days';

const MINUTE = 60_000;
/** No calendar that passes validation needs longer than this to find its next open minute. */
const SEARCH_LIMIT_DAYS = 3_660;

/**
 * The calendar's open spans that intersect [from, to), day by day in the calendar's own zone,
 * so a DST day is 23 or 25 hours long and a shift keeps its wall-clock times across the change.
 */
export function openSpans(calendar: BusinessCalendar, from: number, to: number): Span[] {
  const spans: Span[] = [];
  const days = calendarDays(calendar);
  let dayStart = days.dayStart(from);
  for (let guard = 0; dayStart < to && guard < SEARCH_LIMIT_DAYS; guard++) {
    const day = days.day(dayStart);
    for (const span of day.spans) {
      const start = Math.max(span.start, from);
      const end = Math.min(span.end, to);
      if (end > start) spans.push({ start, end });
    }
    dayStart = day.nextDayStart;
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
  const days = calendarDays(calendar);
  let dayStart = days.dayStart(start);
  for (let guard = 0; guard < SEARCH_LIMIT_DAYS; guard++) {
    const day = days.day(dayStart);
    for (const span of day.spans) {
      const from = Math.max(span.start, start);
      if (span.end <= from) continue;
      if (remaining <= span.end - from) return from + remaining;
      remaining -= span.end - from;
    }
    dayStart = day.nextDayStart;
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
