import type { SlaClock, SlaReport } from '../../core/sla/sla-engine';

export interface SlaTimelineEntry {
  readonly id: string;
  readonly at: string;
  readonly title: string;
}

const METRIC = { first_response: 'First-response', resolution: 'Resolution' } as const;
const NIGHTS = 'Outside business hours';

/**
 * The SLA clocks' story for the ticket timeline: when each clock started, paused and why (pending the
 * customer, on hold, a holiday), ran again, and stopped. Ordinary nights and weekends are not listed:
 * every clock skips them, and listing each would bury the pauses agents ask about.
 */
export function slaTimelineEntries(report: SlaReport): SlaTimelineEntry[] {
  return [report.firstResponse, report.resolution].flatMap(clockEntries);
}

function clockEntries(clock: SlaClock): SlaTimelineEntry[] {
  const name = METRIC[clock.metric];
  const entries: SlaTimelineEntry[] = [];
  let shown: string | null = null;
  for (const segment of clock.segments) {
    // Nights and weekends change nothing worth saying: the clock runs again at the next open hour.
    if (segment.kind === 'out_of_hours' && segment.reason === NIGHTS) continue;
    const paused = segment.kind !== 'running';
    const state = paused ? `paused:${segment.reason}` : 'running';
    if (state === shown) continue;
    const title = paused ? `${name} clock paused: ${segment.reason}` : shown === null ? `${name} clock started` : `${name} clock running again`;
    entries.push({ id: `sla:${clock.metric}:${segment.from}`, at: segment.from, title });
    shown = state;
  }
  if (clock.stoppedAt) entries.push({ id: `sla:${clock.metric}:stopped`, at: clock.stoppedAt, title: `${name} clock stopped${clock.breachedAt ? ' (after its target)' : ' within its target'}` });
  return entries;
}
