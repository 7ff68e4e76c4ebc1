import { newId } from '../../core/ids';
import { escalationStarted, reachesSupervisors } from '../../core/escalation/escalation-response';
import type { DueStep } from '../../core/escalation/escalation-rules';
import type { Selectable, Transaction } from 'kysely';
import type { Logger } from '../logger';
import { prepareQuery } from '../storage/prepared-query';
import type { StorageSchema, TicketsTable } from '../storage/schema';
import { audit, ticketEvent, type WriteContext } from '../sync/mutators/change-writer';
import type { TicketColumns } from '../sync/mutators/ticket-change';
import { writeTime } from '../sync/mutators/write-time';

const TO_ROLE = { warn_assignee: 'assignee', notify_supervisors: 'team_supervisors', move_to_tier_2: 'team_supervisors', escalate_to_supervisors: 'team_supervisors', escalate_to_next_level: 'all_supervisors' } as const;

/** What an escalation step reads and changes of its ticket. */
export type EscalationScope = Pick<Selectable<TicketsTable>, 'team_id' | 'assignee_id' | 'escalation_level' | 'tier'>;

/** What escalation steps change on the ticket row. */
export type EscalationColumns = Pick<TicketColumns, 'escalation_level' | 'tier' | 'updated_at' | 'escalated_at' | 'escalation_acknowledged_at' | 'escalation_acknowledged_by'>;

/** A step recorded in a transaction: logged once that transaction has committed. */
export interface TakenStep {
  readonly ticketId: string;
  readonly step: DueStep;
}

// Run for every step taken: prepared once (server/storage/prepared-query.ts).
const claimStep = prepareQuery((db, p: { ticketId: string; stepKey: string; at: string }) =>
  db.insertInto('escalation_steps').values({ ticket_id: p.ticketId, step_key: p.stepKey, taken_at: p.at }).onConflict((oc) => oc.doNothing()),
);

/** What a ticket's due steps do to it, worked out before anything is written. */
export interface EscalationPlan {
  readonly steps: readonly DueStep[];
  /** The ticket columns the steps change (level, tier, escalation news); null for a warning to the assignee alone. */
  readonly columns: EscalationColumns | null;
}

/**
 * What taking these steps, in order, does to a ticket in this scope: each step raises the level to its
 * own, the tier step moves it to tier 2, and a step that reaches supervisors is a new escalation to
 * answer, even if the last one was.
 */
export function planEscalation(before: EscalationScope, due: readonly DueStep[], at: Date): EscalationPlan {
  let level = before.escalation_level;
  let tier = before.tier;
  let news: ReturnType<typeof escalationStarted> | null = null;
  for (const step of due) {
    level = Math.max(level, step.level);
    if (step.action === 'move_to_tier_2') tier = 2;
    if (reachesSupervisors(TO_ROLE[step.action])) news = escalationStarted(writeTime(at));
  }
  if (news === null && level === before.escalation_level && tier === before.tier) return { steps: due, columns: null };
  const columns: EscalationColumns = {
    escalation_level: level,
    tier,
    updated_at: writeTime(at),
    ...(news ? { escalated_at: news.escalatedAt, escalation_acknowledged_at: news.escalationAcknowledgedAt, escalation_acknowledged_by: news.escalationAcknowledgedBy } : {}),
  };
  return { steps: due, columns };
}

/**
 * Records planned steps as the server (no user, no client): for each, its claim in `escalation_steps`,
 * its ticket event and its audit row. Throws if a step was already claimed: the plan no longer holds,
 * and the caller's savepoint must roll back what it wrote.
 */
export async function recordEscalation(trx: Transaction<StorageSchema>, ticketId: string, before: EscalationScope, plan: EscalationPlan, at: Date): Promise<TakenStep[]> {
  for (const step of plan.steps) {
    if (!(await claim(trx, ticketId, step, at))) throw new Error(`escalation step ${step.key} was already taken`);
  }
  return writeSteps(trx, ticketId, before, plan.steps, at);
}

/**
 * Claims and records a ticket's due steps inside the caller's transaction, as the server: the claim in
 * `escalation_steps` makes each fire exactly once, across restarts and overlapping runs; its ticket
 * event and audit row go with it. Returns the steps taken and the ticket columns they change, for the
 * caller to write once with the ticket's other changes, however many steps were due.
 */
export async function takeEscalationSteps(
  trx: Transaction<StorageSchema>,
  ticketId: string,
  before: EscalationScope,
  due: readonly DueStep[],
  at: Date,
): Promise<{ readonly steps: TakenStep[]; readonly columns: EscalationColumns | null }> {
  const claimed: DueStep[] = [];
  for (const step of due) if (await claim(trx, ticketId, step, at)) claimed.push(step);
  const plan = planEscalation(before, claimed, at);
  return { steps: await writeSteps(trx, ticketId, before, claimed, at), columns: plan.columns };
}

async function claim(trx: Transaction<StorageSchema>, ticketId: string, step: DueStep, at: Date): Promise<boolean> {
  const claimed = await claimStep.run(trx, { ticketId, stepKey: step.key, at: writeTime(at) });
  return Number(claimed.numAffectedRows ?? 0) > 0;
}

/** Each claimed step's ticket event and audit row, the scope moving with the steps. */
async function writeSteps(trx: Transaction<StorageSchema>, ticketId: string, before: EscalationScope, claimed: readonly DueStep[], at: Date): Promise<TakenStep[]> {
  const ctx: WriteContext = { trx, now: at, user: null, clientId: null };
  const steps: TakenStep[] = [];
  let scope = before;
  for (const step of claimed) {
    const level = Math.max(scope.escalation_level, step.level);
    const tier = step.action === 'move_to_tier_2' ? 2 : scope.tier;
    const toRole = TO_ROLE[step.action];
    await ticketEvent(
      ctx,
      ticketId,
      'escalated',
      { stepKey: step.key, reason: step.reason, action: step.action, level: step.level, percent: step.reason === 'sla_percent' ? step.atPercent : null, toRole, teamId: scope.team_id },
      newId(),
    );
    await audit(ctx, { action: `escalation.${step.action}`, entity: 'ticket', entityId: ticketId, oldValue: { level: scope.escalation_level, tier: scope.tier }, newValue: { level, tier, step: step.key } });
    // Not `{ ...scope, more }`: slow on Node 20 (docs/performance.md, "Spreads on Node 20").
    scope = { team_id: scope.team_id, assignee_id: scope.assignee_id, escalation_level: level, tier };
    steps.push({ ticketId, step });
  }
  return steps;
}

/** Steps named in one log line: a line stays well under what log shippers cut (16 KB for Docker's json-file). */
const STEPS_PER_LOG_LINE = 100;

/**
 * The steps a commit took, in the server's log once it has committed: a line per hundred steps, not a line
 * a step. A push of 100 filed tickets takes 100, and a line each (a write to stdout each) cost about 5 % of
 * the push's time (docs/performance.md, "Thirteenth session").
 */
export function logTakenSteps(logger: Logger, taken: readonly TakenStep[]): void {
  for (let from = 0; from < taken.length; from += STEPS_PER_LOG_LINE) {
    const steps = taken.slice(from, from + STEPS_PER_LOG_LINE).map(({ ticketId, step }) => ({ ticketId, step: step.key, level: step.level }));
    logger.info({ event: 'escalated', count: steps.length, steps }, 'escalation steps recorded');
  }
}
