import { newId } from '../../core/ids';
import { escalationStarted, reachesSupervisors } from '../../core/escalation/escalation-response';
import type { DueStep } from '../../core/escalation/escalation-rules';
import type { Selectable, Transaction } from 'kysely';
import type { Logger } from '../logger';
import { prepareQuery } from '../storage/prepared-query';
import type { StorageSchema, TicketsTable } from '../storage/schema';
import { audit, ticketEvent, type WriteContext } from '../sync/mutators/change-writer';
import type { TicketColumns } from '../sync/mutators/ticket-change';

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

/**
 * Claims and records a ticket's due steps inside the caller's transaction, as the server (no user, no
 * client): the claim in `escalation_steps` makes each fire exactly once, across restarts and
 * overlapping runs; its ticket event and audit row go with it. Returns the steps taken and the ticket
 * columns they change (level, tier, escalation news; none for a warning to the assignee alone), for the
 * caller to write once with the ticket's other changes, however many steps were due.
 */
export async function takeEscalationSteps(
  trx: Transaction<StorageSchema>,
  ticketId: string,
  before: EscalationScope,
  due: readonly DueStep[],
  at: Date,
): Promise<{ readonly steps: TakenStep[]; readonly columns: EscalationColumns | null }> {
  const ctx: WriteContext = { trx, now: at, user: null, clientId: null };
  const steps: TakenStep[] = [];
  let scope = before;
  let news: ReturnType<typeof escalationStarted> | null = null;
  for (const step of due) {
    const claimed = await claimStep.run(trx, { ticketId, stepKey: step.key, at: at.toISOString() });
    if (Number(claimed.numAffectedRows ?? 0) === 0) continue;
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
    // A step that reaches supervisors is a new escalation to answer, even if the last one was.
    if (reachesSupervisors(toRole)) news = escalationStarted(at.toISOString());
    scope = { ...scope, escalation_level: level, tier };
    steps.push({ ticketId, step });
  }
  if (news === null && scope.escalation_level === before.escalation_level && scope.tier === before.tier) return { steps, columns: null };
  const columns: EscalationColumns = {
    escalation_level: scope.escalation_level,
    tier: scope.tier,
    updated_at: at.toISOString(),
    ...(news ? { escalated_at: news.escalatedAt, escalation_acknowledged_at: news.escalationAcknowledgedAt, escalation_acknowledged_by: news.escalationAcknowledgedBy } : {}),
  };
  return { steps, columns };
}

/** Each step in the server's log, once its transaction has committed. */
export function logTakenSteps(logger: Logger, taken: readonly TakenStep[]): void {
  for (const { ticketId, step } of taken) logger.info({ event: 'escalated', ticketId, step: step.key, level: step.level }, 'escalation step recorded');
}
