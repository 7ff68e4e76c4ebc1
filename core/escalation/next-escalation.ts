import type { BusinessCalendar } from '../sla/business-calendar';
import { thresholdAt } from '../sla/sla-deadlines';
import type { SlaReport } from '../sla/sla-engine';
import { DONE_STATUSES } from '../ticket/status';
import { dueEscalationSteps, type EscalationInput } from './escalation-rules';
import type { EscalationPolicy } from './escalation-policy';

/**
 * When the scheduler must look at this ticket again: now if a step is due, else the instant the first
 * untaken ladder step's clock reaches its percentage if it keeps running. null when nothing can come
 * due without a change to the ticket (finished, every step taken, or the clocks paused): that change
 * recomputes it. Lets the scheduler read only the due tickets instead of every open one.
 */
export function nextEscalationAt(
  input: Omit<EscalationInput, 'percentUsed'>,
  sla: SlaReport,
  policy: EscalationPolicy,
  calendar: BusinessCalendar,
  now: Date,
): string | null {
  if (DONE_STATUSES.has(input.status)) return null;
  const clocks = { first_response: sla.firstResponse, resolution: sla.resolution };
  const percentUsed = {
    first_response: clocks.first_response.phase === 'stopped' ? null : clocks.first_response.percentUsed,
    resolution: clocks.resolution.phase === 'stopped' ? null : clocks.resolution.percentUsed,
  };
  // Named, not `{ ...input, percentUsed }`: slow on Node 20 (docs/performance.md, "Spreads on Node 20").
  const { priority, status, tier, takenStepKeys } = input;
  if (dueEscalationSteps({ priority, status, tier, takenStepKeys, percentUsed }, policy).length > 0) return now.toISOString();
  if (percentUsed.first_response === null && percentUsed.resolution === null) return null;
  const taken = input.takenStepKeys instanceof Set ? input.takenStepKeys : new Set(input.takenStepKeys);
  const upcoming = policy.ladder
    .filter((step) => !taken.has(`ladder:${step.id}`))
    .map((step) => thresholdAt(clocks[step.metric], step.atPercent, calendar, now))
    .filter((at): at is string => at !== null)
    .sort();
  return upcoming[0] ?? null;
}
