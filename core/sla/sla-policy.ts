import { PRIORITIES, type Priority } from '../ticket/priority';
import { ok, refuse, type Result } from '../result';
import type { BusinessCalendar } from './business-calendar';
import { workingDayMinutes } from './business-time';

/** A target in business time on the team's calendar. */
export type SlaTarget = { readonly unit: 'business_hours'; readonly amount: number } | { readonly unit: 'working_days'; readonly amount: number };

export interface SlaPolicy {
  readonly firstResponse: Readonly<Record<Priority, SlaTarget>>;
  readonly resolution: Readonly<Record<Priority, SlaTarget>>;
  /** Percentage of a target after which a clock is "at risk" (pre-breach alerts). */
  readonly atRiskPercent: number;
}

const hours = (amount: number): SlaTarget => ({ unit: 'business_hours', amount });

/** The support process's defaults: resolution 24/48/72 h and 5 working days; first response 1/4/8/24 h. */
export const DEFAULT_SLA_POLICY: SlaPolicy = {
  firstResponse: { critical: hours(1), high: hours(4), medium: hours(8), low: hours(24) },
  resolution: { critical: hours(24), high: hours(48), medium: hours(72), low: { unit: 'working_days', amount: 5 } },
  atRiskPercent: 75,
};

export function targetMinutes(target: SlaTarget, calendar: BusinessCalendar): number {
  return target.unit === 'business_hours' ? target.amount * 60 : target.amount * workingDayMinutes(calendar);
}

export function validateSlaPolicy(candidate: unknown): Result<SlaPolicy, 'invalid_sla_policy'> {
  const bad = (reason: string) => refuse('invalid_sla_policy' as const, reason);
  if (typeof candidate !== 'object' || candidate === null) return bad('An SLA policy must be an object.');
  const p = candidate as Partial<SlaPolicy>;
  for (const metric of ['firstResponse', 'resolution'] as const) {
    const targets = p[metric];
    if (typeof targets !== 'object' || targets === null) return bad(`The policy has no ${metric} targets.`);
    for (const priority of PRIORITIES) {
      const target = targets[priority];
      if (!target || (target.unit !== 'business_hours' && target.unit !== 'working_days')) {
        return bad(`${metric} for ${priority}: give a unit of "business_hours" or "working_days".`);
      }
      if (!Number.isFinite(target.amount) || target.amount <= 0 || target.amount > 10_000) {
        return bad(`${metric} for ${priority}: the amount must be a positive number.`);
      }
    }
  }
  if (typeof p.atRiskPercent !== 'number' || !(p.atRiskPercent > 0 && p.atRiskPercent < 100)) {
    return bad('The at-risk threshold must be a percentage between 0 and 100.');
  }
  return ok(p as SlaPolicy);
}
