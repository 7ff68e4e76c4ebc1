import { newId } from '../../core/ids';
import { escalationStarted, reachesSupervisors } from '../../core/escalation/escalation-response';
import type { DueStep } from '../../core/escalation/escalation-rules';
import type { Selectable, Transaction } from 'kysely';
import type { Logger } from '../logger';
import { prepareQuery } from '../storage/prepared-query';
import type { StorageSchema, TicketsTable } from '../storage/schema';
import { audit, recordChange, ticketEvent, type WriteContext } from '../sync/mutators/change-writer';

const TO_ROLE = { warn_assignee: 'assignee', notify_supervisors: 'team_supervisors', move_to_tier_2: 'team_supervisors', escalate_to_supervisors: 'team_supervisors', escalate_to_next_level: 'all_supervisors' } as const;

/** What an escalation step reads and changes of its ticket. */
export type EscalationScope = Pick<Selectable<TicketsTable>, 'team_id' | 'assignee_id' | 'escalation_level' | 'tier'>;

/** A step recorded in a transaction: logged once that transaction has committed. */
export interface TakenStep {
  readonly ticketId: string;
  readonly step: DueStep;
}

// Run for every step taken: prepared once (server/storage/prepared-query.ts).
const claimStep = prepareQuery((db, p: { ticketId: string; stepKey: string; at: string }) =>
  db.insertInto('escalation_steps').values({ ticket_id: p.ticketId, step_key: p.stepKey, taken_at: p.at }).onConflict((oc) => oc.doNothing()),
);
const raiseTicket = prepareQuery((db, p: { ticketId: string; level: number; tier: number; at: string }) =>
  db.updateTable('tickets').set({ escalation_level: p.level, tier: p.tier, updated_at: p.at }).where('id', '=', p.ticketId),
);
const raiseTicketAsNews = prepareQuery(
  (db, p: { ticketId: string; level: number; tier: number; at: string; escalatedAt: string | null; acknowledgedAt: string | null; acknowledgedBy: string | null }) =>
    db
      .updateTable('tickets')
      .set({ escalation_level: p.level, tier: p.tier, updated_at: p.at, escalated_at: p.escalatedAt, escalation_acknowledged_at: p.acknowledgedAt, escalation_acknowledged_by: p.acknowledgedBy })
      .where('id', '=', p.ticketId),
);

/**
 * Claims and records one due step inside the caller's transaction, as the server (no user, no client):
 * the claim in `escalation_steps` makes it fire exactly once, across restarts and overlapping runs; the
 * ticket event, level change, change-log row and audit row go with it. Returns the ticket's scope after
 * the step and whether the step changed the ticket row (a warning to the assignee does not), or null
 * when the step was already taken.
 */
export async function takeEscalationStep(
  trx: Transaction<StorageSchema>,
  ticketId: string,
  before: EscalationScope,
  step: DueStep,
  at: Date,
): Promise<{ readonly after: EscalationScope; readonly ticketChanged: boolean } | null> {
  const claimed = await claimStep.run(trx, { ticketId, stepKey: step.key, at: at.toISOString() });
  if (Number(claimed.numAffectedRows ?? 0) === 0) return null;
  const ctx: WriteContext = { trx, now: at, user: null, clientId: null };
  const level = Math.max(before.escalation_level, step.level);
  const tier = step.action === 'move_to_tier_2' ? 2 : before.tier;
  const toRole = TO_ROLE[step.action];
  await ticketEvent(
    ctx,
    ticketId,
    'escalated',
    { stepKey: step.key, reason: step.reason, action: step.action, level: step.level, percent: step.reason === 'sla_percent' ? step.atPercent : null, toRole, teamId: before.team_id },
    newId(),
  );
  // A step that reaches supervisors is a new escalation to answer, even if the last one was.
  const news = reachesSupervisors(toRole) ? escalationStarted(at.toISOString()) : null;
  const ticketChanged = news !== null || level !== before.escalation_level || tier !== before.tier;
  if (ticketChanged) {
    const raised = { ticketId, level, tier, at: at.toISOString() };
    if (news) {
      const { escalatedAt, escalationAcknowledgedAt: acknowledgedAt, escalationAcknowledgedBy: acknowledgedBy } = news;
      await raiseTicketAsNews.execute(trx, { ...raised, escalatedAt, acknowledgedAt, acknowledgedBy });
    } else {
      await raiseTicket.execute(trx, raised);
    }
    await recordChange(ctx, { entity: 'ticket', entityId: ticketId, before, scopeChanged: level !== before.escalation_level });
  }
  await audit(ctx, { action: `escalation.${step.action}`, entity: 'ticket', entityId: ticketId, oldValue: { level: before.escalation_level, tier: before.tier }, newValue: { level, tier, step: step.key } });
  return { after: { ...before, escalation_level: level, tier }, ticketChanged };
}

/** Each step in the server's log, once its transaction has committed. */
export function logTakenSteps(logger: Logger, taken: readonly TakenStep[]): void {
  for (const { ticketId, step } of taken) logger.info({ event: 'escalated', ticketId, step: step.key, level: step.level }, 'escalation step recorded');
}
