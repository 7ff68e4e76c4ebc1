import type { Priority } from '../ticket/priority';
import { DONE_STATUSES, PAUSED_STATUSES, STATUS_LABELS, type TicketStatus } from '../ticket/status';
import type { BusinessCalendar } from './business-calendar';
import { addBusinessMinutes, openSpans } from './business-time';
import { calendarDays } from './calendar-days';
import { targetMinutes, type SlaPolicy } from './sla-policy';

/** What the SLA engine reads from a ticket's history. */
export type SlaEvent =
  | { readonly kind: 'created'; readonly at: string; readonly priority: Priority; readonly status: TicketStatus }
  | { readonly kind: 'priority_changed'; readonly at: string; readonly priority: Priority }
  | { readonly kind: 'status_changed'; readonly at: string; readonly status: TicketStatus }
  /** The first public reply or call that reached the customer. */
  | { readonly kind: 'responded'; readonly at: string };

export type SlaMetric = 'first_response' | 'resolution';
export type SlaState = 'ok' | 'at_risk' | 'breached';
export type SlaPhase = 'running' | 'paused' | 'stopped';

/** Why the clock ran or did not, for each stretch of time: agents must be able to see why a clock paused. */
export interface SlaSegment {
  readonly from: string;
  readonly to: string;
  readonly kind: 'running' | 'paused' | 'out_of_hours';
  readonly reason: string;
}

export interface SlaClock {
  readonly metric: SlaMetric;
  /** For the priority the ticket has now; elapsed time is kept when the priority changes. */
  readonly targetMinutes: number;
  readonly elapsedMinutes: number;
  /** Negative once breached. */
  readonly remainingMinutes: number;
  readonly percentUsed: number;
  readonly state: SlaState;
  readonly phase: SlaPhase;
  /** When the target is reached if the clock keeps running from now; null while paused or stopped. */
  readonly dueAt: string | null;
  readonly breachedAt: string | null;
  readonly stoppedAt: string | null;
  readonly segments: readonly SlaSegment[];
}

export interface SlaReport {
  readonly firstResponse: SlaClock;
  readonly resolution: SlaClock;
}

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A stretch of time in which the clock's own rules (not the calendar) say running, paused or stopped. */
interface Phase {
  readonly from: number;
  readonly to: number;
  readonly state: 'running' | 'paused' | 'stopped';
  readonly reason: string;
}

/** The ticket's status and priority over time, from its history, up to `now`. */
function timeline(events: readonly SlaEvent[], now: number) {
  const sorted = [...events].filter((e) => Date.parse(e.at) <= now).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const created = sorted.find((e) => e.kind === 'created');
  if (!created || created.kind !== 'created') throw new Error('An SLA history must start with its "created" event.');
  return { sorted, created };
}

function phasesFor(metric: SlaMetric, events: readonly SlaEvent[], createdAt: number, initial: TicketStatus, now: number): Phase[] {
  const phases: Phase[] = [];
  let status = initial;
  let responded = false;
  let from = createdAt;
  const stateOf = (): Pick<Phase, 'state' | 'reason'> => {
    if (DONE_STATUSES.has(status)) return { state: 'stopped', reason: STATUS_LABELS[status] };
    if (metric === 'first_response') return responded ? { state: 'stopped', reason: 'Responded' } : { state: 'running', reason: 'Waiting for first response' };
    if (PAUSED_STATUSES.has(status)) return { state: 'paused', reason: STATUS_LABELS[status] };
    return { state: 'running', reason: 'Working hours' };
  };
  for (const event of events) {
    const at = Date.parse(event.at);
    const before = stateOf();
    if (event.kind === 'status_changed') status = event.status;
    else if (event.kind === 'responded') responded = true;
    else continue;
    const after = stateOf();
    if (after.state === before.state && after.reason === before.reason) continue;
    if (at > from) phases.push({ from, to: at, ...before });
    from = Math.max(from, at);
    // First response never restarts: once answered (or resolved), it is done for good.
    if (metric === 'first_response' && after.state === 'stopped') {
      phases.push({ from, to: from, ...after });
      return phases;
    }
  }
  phases.push({ from, to: now, ...stateOf() });
  return phases;
}

/** Closed time split at local midnights, so a holiday is named and the rest says "outside business hours". */
function closedStretches(calendar: BusinessCalendar, from: number, to: number): Array<{ from: number; to: number; reason: string }> {
  const out: Array<{ from: number; to: number; reason: string }> = [];
  const days = calendarDays(calendar);
  let cursor = from;
  let dayStart = days.dayStart(cursor);
  while (cursor < to) {
    const day = days.day(dayStart);
    const end = Math.min(to, day.nextDayStart);
    out.push({ from: cursor, to: end, reason: day.holiday ? `Holiday (${day.date})` : 'Outside business hours' });
    cursor = end;
    dayStart = day.nextDayStart;
  }
  return out;
}

function computeClock(metric: SlaMetric, events: readonly SlaEvent[], policy: SlaPolicy, calendar: BusinessCalendar, now: number, detail: SlaDetail): SlaClock {
  const { sorted, created } = timeline(events, now);
  const createdAt = Date.parse(created.at);
  let priority = created.priority;
  for (const e of sorted) if (e.kind === 'priority_changed') priority = e.priority;
  const target = targetMinutes((metric === 'resolution' ? policy.resolution : policy.firstResponse)[priority], calendar);

  const phases = phasesFor(metric, sorted, createdAt, created.status, now);
  // Kept in epoch ms while merging and written as ISO once at the end: an old ticket's clock walks
  // hundreds of days, and formatting every boundary to compare it was a sixth of a push's server time.
  const spans: Array<{ from: number; to: number; kind: SlaSegment['kind']; reason: string }> = [];
  const push = (from: number, to: number, kind: SlaSegment['kind'], reason: string) => {
    if (to <= from) return;
    const last = spans.at(-1);
    if (last && last.kind === kind && last.reason === reason && last.to === from) last.to = to;
    else spans.push({ from, to, kind, reason });
  };
  let elapsedMs = 0;
  let breachedAt: number | null = null;
  let stoppedAt: number | null = null;
  for (const phase of phases) {
    if (phase.state === 'stopped') {
      stoppedAt = phase.from;
      // A resolved ticket that is reopened later shows the resolved stretch as a pause.
      if (phase.to > phase.from && phase !== phases.at(-1)) push(phase.from, phase.to, 'paused', phase.reason);
      continue;
    }
    stoppedAt = null;
    if (phase.state === 'paused') {
      push(phase.from, phase.to, 'paused', phase.reason);
      continue;
    }
    let cursor = phase.from;
    const closed = (a: number, b: number) => {
      if (detail === 'deadlines') return;
      for (const stretch of closedStretches(calendar, a, b)) push(stretch.from, stretch.to, 'out_of_hours', stretch.reason);
    };
    for (const span of openSpans(calendar, phase.from, phase.to)) {
      closed(cursor, span.start);
      push(span.start, span.end, 'running', phase.reason);
      const length = span.end - span.start;
      if (breachedAt === null && elapsedMs + length >= target * MINUTE) breachedAt = span.start + (target * MINUTE - elapsedMs);
      elapsedMs += length;
      cursor = span.end;
    }
    closed(cursor, phase.to);
  }

  const segments: SlaSegment[] = spans.map((span) => ({ from: iso(span.from), to: iso(span.to), kind: span.kind, reason: span.reason }));
  const last = phases.at(-1)!;
  const phase: SlaPhase = last.state;
  const elapsedMinutes = elapsedMs / MINUTE;
  const percentUsed = target > 0 ? (elapsedMinutes / target) * 100 : 100;
  const state: SlaState = percentUsed >= 100 ? 'breached' : percentUsed >= policy.atRiskPercent ? 'at_risk' : 'ok';
  const remainingMinutes = target - elapsedMinutes;
  const dueAt = phase !== 'running' ? null : breachedAt !== null ? breachedAt : addBusinessMinutes(calendar, now, remainingMinutes);
  return {
    metric,
    targetMinutes: target,
    elapsedMinutes,
    remainingMinutes,
    percentUsed,
    state,
    phase,
    dueAt: dueAt === null ? null : iso(dueAt),
    breachedAt: breachedAt === null ? null : iso(breachedAt),
    stoppedAt: phase === 'stopped' && stoppedAt !== null ? iso(stoppedAt) : null,
    segments,
  };
}

/**
 * `timeline`: every stretch of the clock, out-of-hours ones included, for the ticket's SLA timeline.
 * `deadlines`: the same clocks without the out-of-hours stretches, which nothing but the timeline reads:
 * walking the closed hours of every day since an old ticket was created was a sixth of the server's time
 * per triage change (the figures and the running and paused segments are the same).
 */
export type SlaDetail = 'timeline' | 'deadlines';

/**
 * The SLA clocks of one ticket as a pure function of its history, the policy, its team's calendar and
 * now: no stored counters that drift, the same answer on the server (escalations) and on the client
 * (countdowns and alerts offline). A priority change re-targets a clock and keeps its elapsed time;
 * `breachedAt` is when the elapsed time crossed the target for the current priority.
 */
export function computeSla(events: readonly SlaEvent[], policy: SlaPolicy, calendar: BusinessCalendar, now: Date, detail: SlaDetail = 'timeline'): SlaReport {
  const at = now.getTime();
  return {
    firstResponse: computeClock('first_response', events, policy, calendar, at, detail),
    resolution: computeClock('resolution', events, policy, calendar, at, detail),
  };
}
