import type { BusinessCalendar } from './business-calendar';
import { addBusinessMinutes } from './business-time';
import { computeSla, type SlaClock, type SlaEvent, type SlaReport } from './sla-engine';
import type { SlaPolicy } from './sla-policy';

const MINUTE = 60_000;

/**
 * When a clock reaches `percent` of its target. A crossing already passed is found in the clock's running
 * segments; a future one is the business time still missing, counted from now. null while the clock is
 * paused or stopped: nothing will cross until it runs again.
 */
export function thresholdAt(clock: SlaClock, percent: number, calendar: BusinessCalendar, now: Date): string | null {
  if (clock.phase !== 'running') return null;
  const needed = (clock.targetMinutes * percent) / 100;
  if (clock.elapsedMinutes < needed) return new Date(addBusinessMinutes(calendar, now.getTime(), needed - clock.elapsedMinutes)).toISOString();
  let used = 0;
  for (const segment of clock.segments) {
    if (segment.kind !== 'running') continue;
    const from = Date.parse(segment.from);
    const length = (Date.parse(segment.to) - from) / MINUTE;
    if (used + length >= needed) return new Date(from + (needed - used) * MINUTE).toISOString();
    used += length;
  }
  return now.toISOString();
}

/** The two instants queues sort and filter by, stored on each ticket row. */
export interface SlaDeadlines {
  /** The earliest due time of the clocks still running; null when every clock is paused or stopped. */
  readonly dueAt: string | null;
  /** When the first running clock reaches the policy's at-risk percentage (in the past once at risk). */
  readonly atRiskAt: string | null;
}

const earliest = (values: ReadonlyArray<string | null>): string | null =>
  values.filter((v): v is string => v !== null).sort()[0] ?? null;

/**
 * A running clock's due time does not move while nothing happens to the ticket, so these are computed
 * when the ticket changes, not every minute: the server stores them, the client recomputes them for its
 * own offline changes.
 */
export function slaDeadlines(report: SlaReport, atRiskPercent: number, calendar: BusinessCalendar, now: Date): SlaDeadlines {
  const clocks = [report.firstResponse, report.resolution];
  return {
    dueAt: earliest(clocks.map((c) => (c.phase === 'running' ? c.dueAt : null))),
    atRiskAt: earliest(clocks.map((c) => thresholdAt(c, atRiskPercent, calendar, now))),
  };
}

/** The deadlines of one ticket from its history: the same call on the server and in the offline mirror. */
export function ticketDeadlines(
  events: readonly SlaEvent[],
  policy: SlaPolicy,
  calendar: BusinessCalendar,
  now: Date,
): SlaDeadlines {
  return slaDeadlines(computeSla(events, policy, calendar, now, 'deadlines'), policy.atRiskPercent, calendar, now);
}
