import { ok, refuse, type Result } from '../result';
import { PRIORITIES, type Priority } from '../ticket/priority';

export const ESCALATION_ACTIONS = ['warn_assignee', 'escalate_to_supervisors', 'escalate_to_next_level'] as const;
export type EscalationAction = (typeof ESCALATION_ACTIONS)[number];

/** One rung of the time-based ladder: when a clock has used `atPercent` of its target, do `action`. */
export interface LadderStep {
  readonly id: string;
  readonly metric: 'first_response' | 'resolution';
  readonly atPercent: number;
  readonly action: EscalationAction;
}

export interface EscalationPolicy {
  /** Tickets at or above this priority reach the team's supervisors as soon as they have it. */
  readonly notifySupervisorsAtOrAbove: Priority;
  /** Tickets at or above this priority move to tier 2 at once. */
  readonly tier2AtOrAbove: Priority;
  readonly ladder: readonly LadderStep[];
}

export const DEFAULT_ESCALATION_POLICY: EscalationPolicy = {
  notifySupervisorsAtOrAbove: 'high',
  tier2AtOrAbove: 'critical',
  ladder: [
    { id: 'resolution-75', metric: 'resolution', atPercent: 75, action: 'warn_assignee' },
    { id: 'resolution-100', metric: 'resolution', atPercent: 100, action: 'escalate_to_supervisors' },
    { id: 'resolution-150', metric: 'resolution', atPercent: 150, action: 'escalate_to_next_level' },
  ],
};

export function validateEscalationPolicy(candidate: unknown): Result<EscalationPolicy, 'invalid_escalation_policy'> {
  const bad = (reason: string) => refuse('invalid_escalation_policy' as const, reason);
  if (typeof candidate !== 'object' || candidate === null) return bad('An escalation policy must be an object.');
  const p = candidate as Partial<EscalationPolicy>;
  for (const key of ['notifySupervisorsAtOrAbove', 'tier2AtOrAbove'] as const) {
    if (!(PRIORITIES as readonly unknown[]).includes(p[key])) return bad(`${key} must be one of ${PRIORITIES.join(', ')}.`);
  }
  if (!Array.isArray(p.ladder)) return bad('The ladder must be a list of steps.');
  const ids = new Set<string>();
  for (const step of p.ladder) {
    if (typeof step?.id !== 'string' || step.id === '' || ids.has(step.id)) return bad('Every ladder step needs its own id.');
    ids.add(step.id);
    if (step.metric !== 'first_response' && step.metric !== 'resolution') return bad(`Step "${step.id}": the metric is first_response or resolution.`);
    if (!Number.isFinite(step.atPercent) || step.atPercent <= 0 || step.atPercent > 1000) return bad(`Step "${step.id}": atPercent must be a positive percentage.`);
    if (!(ESCALATION_ACTIONS as readonly unknown[]).includes(step.action)) return bad(`Step "${step.id}": unknown action "${String(step.action)}".`);
  }
  return ok(p as EscalationPolicy);
}
