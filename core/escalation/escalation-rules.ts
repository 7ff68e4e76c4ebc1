import { ok, refuse, type Result } from '../result';
import { isAtLeast, type Priority } from '../ticket/priority';
import { DONE_STATUSES, type TicketStatus } from '../ticket/status';
import type { Tier } from '../ticket/ticket';
import type { EscalationAction, EscalationPolicy } from './escalation-policy';

export interface EscalationInput {
  readonly priority: Priority;
  readonly status: TicketStatus;
  readonly tier: Tier;
  /** Keys of the steps already recorded on the ticket (the server stores them with each escalation event). */
  readonly takenStepKeys: ReadonlySet<string> | readonly string[];
  /** From the SLA engine; null when that clock is stopped or does not apply. */
  readonly percentUsed: { readonly first_response: number | null; readonly resolution: number | null };
}

export type DueStep =
  | { readonly key: string; readonly reason: 'severity'; readonly action: 'notify_supervisors' | 'move_to_tier_2'; readonly level: number }
  | { readonly key: string; readonly reason: 'sla_percent'; readonly action: EscalationAction; readonly metric: 'first_response' | 'resolution'; readonly atPercent: number; readonly level: number };

/**
 * Escalation levels: 0 none, 1 the team's supervisors, 2 every supervisor (organisation level). A
 * warning to the assignee does not raise the level.
 */
const LEVEL: Readonly<Record<EscalationAction | 'notify_supervisors' | 'move_to_tier_2', number>> = {
  warn_assignee: 0,
  notify_supervisors: 1,
  move_to_tier_2: 1,
  escalate_to_supervisors: 1,
  escalate_to_next_level: 2,
};

/** A policy's ladder by percentage, with each step's key: worked out once per policy, not per ticket. */
const laddersInOrder = new WeakMap<EscalationPolicy, ReadonlyArray<{ readonly step: EscalationPolicy['ladder'][number]; readonly key: string }>>();
function ladderInOrder(policy: EscalationPolicy) {
  let ladder = laddersInOrder.get(policy);
  if (!ladder) {
    ladder = [...policy.ladder].sort((a, b) => a.atPercent - b.atPercent).map((step) => ({ step, key: `ladder:${step.id}` }));
    laddersInOrder.set(policy, ladder);
  }
  return ladder;
}

/**
 * The escalation steps due now, in the order to apply them, never one already taken. Called again after
 * downtime it returns every threshold passed meanwhile, once each, in ladder order (catch-up). Nothing
 * is due for a resolved or closed ticket.
 */
export function dueEscalationSteps(input: EscalationInput, policy: EscalationPolicy): DueStep[] {
  if (DONE_STATUSES.has(input.status)) return [];
  const taken = input.takenStepKeys instanceof Set ? input.takenStepKeys : new Set(input.takenStepKeys);
  const due: DueStep[] = [];
  if (isAtLeast(input.priority, policy.notifySupervisorsAtOrAbove) && !taken.has('severity:notify_supervisors')) {
    due.push({ key: 'severity:notify_supervisors', reason: 'severity', action: 'notify_supervisors', level: LEVEL.notify_supervisors });
  }
  if (isAtLeast(input.priority, policy.tier2AtOrAbove) && input.tier < 2 && !taken.has('severity:tier_2')) {
    due.push({ key: 'severity:tier_2', reason: 'severity', action: 'move_to_tier_2', level: LEVEL.move_to_tier_2 });
  }
  for (const { step, key } of ladderInOrder(policy)) {
    const percent = input.percentUsed[step.metric];
    if (percent === null || percent < step.atPercent || taken.has(key)) continue;
    due.push({ key, reason: 'sla_percent', action: step.action, metric: step.metric, atPercent: step.atPercent, level: LEVEL[step.action] });
  }
  return due;
}

export const HANDOVER_NOTE_MIN = 10;
export const HANDOVER_NOTE_MAX = 4000;

/**
 * An agent escalating by hand must say what was tried and what the customer was told, so the person
 * who picks it up does not start from zero. Refused for finished tickets.
 */
export function manualEscalation(input: { handoverNote: string; currentLevel: number; status: TicketStatus }): Result<{ level: number; handoverNote: string }, 'handover_note_required' | 'ticket_closed'> {
  if (DONE_STATUSES.has(input.status)) return refuse('ticket_closed', 'A resolved or closed ticket cannot be escalated; reopen it first.');
  const note = input.handoverNote.trim();
  if (note.length < HANDOVER_NOTE_MIN) {
    return refuse('handover_note_required', 'Write a handover note: what you tried and what you told the customer.');
  }
  if (note.length > HANDOVER_NOTE_MAX) return refuse('handover_note_required', `Keep the handover note under ${HANDOVER_NOTE_MAX} characters.`);
  return ok({ level: Math.min(input.currentLevel + 1, 2), handoverNote: note });
}
