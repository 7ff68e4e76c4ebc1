import { DateTime } from 'luxon';
import { calendarZone } from './cached-zone';
import { minutesOfDay, type BusinessCalendar, type IsoWeekday } from './business-calendar';

/** A span of time in epoch milliseconds, start inclusive, end exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** One local day of a calendar: its open spans (none on holidays and closed days) and when the next day starts. */
export interface CalendarDay {
  readonly start: number;
  /** The local date, "YYYY-MM-DD". */
  readonly date: string;
  readonly holiday: boolean;
  readonly spans: readonly Span[];
  readonly nextDayStart: number;
}

/** Days remembered per calendar (about 55 years); past it the memo starts over. */
const DAYS_KEPT = 20_000;

/** The local-wall-clock instant of `minutes` after midnight of `day` in the calendar's zone. */
function atMinute(day: DateTime, minutes: number): number {
  // Luxon resolves a wall-clock time inside a spring-forward gap by moving it forward by the gap, so a
  // shift starting at 01:30 on that day starts at 02:30 (after the jump); one ending in it ends there too.
  return minutes >= 1440 ? day.plus({ days: 1 }).startOf('day').toMillis() : day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toMillis();
}

function buildDay(calendar: BusinessCalendar, day: DateTime): CalendarDay {
  const base = { start: day.toMillis(), date: day.toISODate() ?? '', nextDayStart: day.plus({ days: 1 }).startOf('day').toMillis() };
  if (calendar.holidays.includes(base.date)) return { ...base, holiday: true, spans: [] };
  const spans = (calendar.weeklyHours[day.weekday as IsoWeekday] ?? []).map((shift) => ({
    start: atMinute(day, minutesOfDay(shift.start)),
    end: atMinute(day, minutesOfDay(shift.end)),
  }));
  return { ...base, holiday: false, spans: spans.filter((s) => s.end > s.start) };
}

/**
 * A calendar's days, built once each. Every SLA deadline walks the same weeks of the same team
 * calendars, and building a day in luxon (zone, weekday, shift instants) was most of a ticket's cost on
 * the push path; a day's open spans never change for the same calendar, so they are kept by its start.
 */
class CalendarDays {
  private readonly days = new Map<number, CalendarDay>();
  /** The day last asked for by an instant: most lookups fall in the same day (now, the ticket's creation). */
  private recent: CalendarDay | null = null;

  constructor(private readonly calendar: BusinessCalendar) {}

  /** The start (local midnight) of the day holding `instant`. */
  dayStart(instant: number): number {
    const recent = this.recent;
    if (recent && recent.start <= instant && instant < recent.nextDayStart) return recent.start;
    const start = DateTime.fromMillis(instant, { zone: calendarZone(this.calendar.timeZone) }).startOf('day').toMillis();
    this.recent = this.day(start);
    return start;
  }

  day(start: number): CalendarDay {
    let day = this.days.get(start);
    if (!day) {
      day = buildDay(this.calendar, DateTime.fromMillis(start, { zone: calendarZone(this.calendar.timeZone) }));
      if (this.days.size >= DAYS_KEPT) this.days.clear();
      this.days.set(start, day);
    }
    return day;
  }
}

// Calendars read from storage are handed out as the same objects while unchanged (server/escalation/
// sla-inputs.ts), so a memo per object is enough; a calendar object is never mutated once built.
const memo = new WeakMap<BusinessCalendar, CalendarDays>();

export function calendarDays(calendar: BusinessCalendar): CalendarDays {
  let days = memo.get(calendar);
  if (!days) {
    days = new CalendarDays(calendar);
    memo.set(calendar, days);
  }
  return days;
}
