import { newId } from '../../core/ids';
import { DEFAULT_ESCALATION_POLICY, type EscalationPolicy } from '../../core/escalation/escalation-policy';
import { escalationStarted, reachesSupervisors } from '../../core/escalation/escalation-response';
import { dueEscalationSteps, type DueStep } from '../../core/escalation/escalation-rules';
import { nextEscalationAt } from '../../core/escalation/next-escalation';
import { DEFAULT_BUSINESS_CALENDAR, type BusinessCalendar } from '../../core/sla/business-calendar';
import { computeSla, type SlaClock } from '../../core/sla/sla-engine';
import { DEFAULT_SLA_POLICY, type SlaPolicy } from '../../core/sla/sla-policy';
import type { Priority } from '../../core/ticket/priority';
import type { TicketStatus } from '../../core/ticket/status';
import type { Tier } from '../../core/ticket/ticket';
import type { Logger } from '../logger';
import { CompiledQuery, type Selectable, type Transaction } from 'kysely';
import { prepareQuery } from '../storage/prepared-query';
import type { Db } from '../storage/query-builder';
import type { StorageSchema, TicketsTable } from '../storage/schema';
import { audit, latestChangeSeq, recordChange, ticketEvent, type WriteContext } from '../sync/mutators/change-writer';
import { slaEventsOf, takenStepKeys, teamCalendars, ticketHistory } from './sla-inputs';

const TO_ROLE = { warn_assignee: 'assignee', notify_supervisors: 'team_supervisors', move_to_tier_2: 'team_supervisors', escalate_to_supervisors: 'team_supervisors', escalate_to_next_level: 'all_supervisors' } as const;

/** How many due tickets one pass handles; the rest follow in the next pass, started at once. */
const PASS_LIMIT = 500;

// Run for every due ticket: prepared once (server/storage/prepared-query.ts).
const SAVEPOINT = CompiledQuery.raw('savepoint escalation_ticket');
const RELEASE = CompiledQuery.raw('release savepoint escalation_ticket');
const ROLLBACK = CompiledQuery.raw('rollback to savepoint escalation_ticket');
const storeNextCheck = prepareQuery((db, p: { ticketId: string; next: string | null; seen: string | null }) =>
  db.updateTable('tickets').set({ next_escalation_at: p.next }).where('id', '=', p.ticketId).where('next_escalation_at', '=', p.seen),
);
const claimStep = prepareQuery((db, p: { ticketId: string; stepKey: string; at: string }) =>
  db.insertInto('escalation_steps').values({ ticket_id: p.ticketId, step_key: p.stepKey, taken_at: p.at }).onConflict((oc) => oc.doNothing()),
);
const ticketScope = prepareQuery((db, p: { ticketId: string }) => db.selectFrom('tickets').select(['team_id', 'assignee_id', 'escalation_level', 'tier']).where('id', '=', p.ticketId));
/**
 * Due tickets checked and their steps recorded per transaction: one disk flush for many tickets (one per
 * step and per ticket was half the server's time when every new high-priority ticket is due at once),
 * short enough that pushes waiting for the connection are not held up for long.
 */
const TICKETS_PER_TRANSACTION = 50;

/** What a pass reads of each due ticket. */
type DueTicket = Pick<Selectable<TicketsTable>, 'id' | 'team_id' | 'assignee_id' | 'priority' | 'status' | 'tier' | 'escalation_level' | 'next_escalation_at'>;

/** A stopped clock cannot climb the ladder any further. */
const percentOf = (clock: SlaClock) => (clock.phase === 'stopped' ? null : clock.percentUsed);

/**
 * Applies the escalation rules to the open tickets whose next check has come (stored on each ticket, see
 * deadline-refresh): on start (catching up on downtime), every interval, and shortly after any commit (so a
 * critical ticket reaches supervisors at once). Each due step is claimed in `escalation_steps` in the same
 * transaction as its ticket event, level change, change-log row and audit row: it fires exactly once,
 * across restarts and overlapping runs.
 */
export class EscalationScheduler {
  private timer: NodeJS.Timeout | undefined;
  private soon: NodeJS.Timeout | undefined;
  private running: Promise<number> | null = null;
  private started = false;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly onCommitted: (seq: number) => void,
    private readonly policies: { readonly sla: SlaPolicy; readonly escalation: EscalationPolicy } = { sla: DEFAULT_SLA_POLICY, escalation: DEFAULT_ESCALATION_POLICY },
    private readonly now: () => Date = () => new Date(),
  ) {}

  start(intervalMs = 15_000): void {
    this.started = true;
    this.requestTick(0);
    this.timer = setInterval(() => this.requestTick(0), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    this.started = false;
    clearInterval(this.timer);
    clearTimeout(this.soon);
  }

  /** Runs a tick soon (once started); many requests in a burst become one run. */
  requestTick(delayMs = 100): void {
    if (!this.started || this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      this.tick().catch((error: unknown) => this.logger.error({ error: error instanceof Error ? error.message : 'unknown' }, 'escalation tick failed'));
    }, delayMs);
    this.soon.unref();
  }

  /** One pass over the open tickets; returns how many steps it recorded. Runs one at a time. */
  async tick(at: Date = this.now()): Promise<number> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.pass(at);
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  private async pass(at: Date): Promise<number> {
    // Only the tickets whose next check has come (kept on each ticket with every change): a pass costs
    // the due tickets, not every open one.
    const tickets = await this.db
      .selectFrom('tickets')
      .select(['id', 'team_id', 'assignee_id', 'priority', 'status', 'tier', 'escalation_level', 'next_escalation_at'])
      .where('next_escalation_at', '<=', at.toISOString())
      .where('status', 'not in', ['resolved', 'closed'])
      .orderBy('next_escalation_at')
      .limit(PASS_LIMIT)
      .execute();
    if (tickets.length === 0) return 0;
    const calendars = await teamCalendars(this.db);
    let recorded = 0;
    for (let i = 0; i < tickets.length; i += TICKETS_PER_TRANSACTION) {
      const chunk = tickets.slice(i, i + TICKETS_PER_TRANSACTION);
      const taken: Array<{ ticketId: string; step: DueStep; seq: number }> = [];
      await this.db.transaction().execute(async (trx) => {
        for (const ticket of chunk) {
          // A ticket that cannot be checked (a bug, bad stored data) is skipped, not its whole batch.
          await trx.executeQuery(SAVEPOINT);
          const before = taken.length;
          try {
            await this.check(trx, ticket, calendars, at, taken);
            await trx.executeQuery(RELEASE);
          } catch (error) {
            await trx.executeQuery(ROLLBACK);
            await trx.executeQuery(RELEASE);
            taken.splice(before);
            this.logger.error({ ticketId: ticket.id, error: error instanceof Error ? error.message : 'unknown' }, 'escalation check failed');
          }
        }
      });
      for (const { ticketId, step } of taken) this.logger.info({ event: 'escalated', ticketId, step: step.key, level: step.level }, 'escalation step recorded');
      recorded += taken.length;
      if (taken.length > 0) this.onCommitted(Math.max(...taken.map((t) => t.seq)));
    }
    // More due than one pass takes (a long downtime): go on at once rather than at the next interval.
    if (tickets.length === PASS_LIMIT) this.requestTick(0);
    return recorded;
  }

  /** Takes the ticket's due steps and stores when to look at it next. */
  private async check(trx: Transaction<StorageSchema>, ticket: DueTicket, calendars: ReadonlyMap<string, BusinessCalendar>, at: Date, taken: Array<{ ticketId: string; step: DueStep; seq: number }>): Promise<void> {
    const history = await ticketHistory(trx, ticket.id);
    const events = slaEventsOf(history);
    if (!events.some((e) => e.kind === 'created')) return;
    const calendar = (ticket.team_id ? calendars.get(ticket.team_id) : undefined) ?? DEFAULT_BUSINESS_CALENDAR;
    const sla = computeSla(events, this.policies.sla, calendar, at, 'deadlines');
    const takenKeys = await takenStepKeys(trx, ticket.id);
    const state = { priority: ticket.priority as Priority, status: ticket.status as TicketStatus, tier: ticket.tier as Tier };
    const due = dueEscalationSteps(
      { ...state, takenStepKeys: takenKeys, percentUsed: { first_response: percentOf(sla.firstResponse), resolution: percentOf(sla.resolution) } },
      this.policies.escalation,
    );
    for (const step of due) {
      const seq = await this.record(trx, ticket.id, step, at);
      if (seq !== null) taken.push({ ticketId: ticket.id, step, seq });
    }
    const next = nextEscalationAt({ ...state, takenStepKeys: [...takenKeys, ...due.map((d) => d.key)] }, sla, this.policies.escalation, calendar, at);
    // Unless a change to the ticket recomputed it meanwhile: that value saw the newer ticket.
    await storeNextCheck.execute(trx, { ticketId: ticket.id, next, seen: ticket.next_escalation_at });
  }

  /** Claims and records one due step inside the caller's transaction; null when it was already taken. */
  private async record(trx: Transaction<StorageSchema>, ticketId: string, step: DueStep, at: Date): Promise<number | null> {
    const claimed = await claimStep.run(trx, { ticketId, stepKey: step.key, at: at.toISOString() });
    if (Number(claimed.numAffectedRows ?? 0) === 0) return null;
    const before = await ticketScope.executeTakeFirst(trx, { ticketId });
    if (!before) throw new Error('the ticket to escalate is gone');
    const ctx: WriteContext = { trx, now: at, user: null, clientId: null };
    const level = Math.max(before.escalation_level, step.level);
    const tier = step.action === 'move_to_tier_2' ? 2 : before.tier;
    await ticketEvent(
      ctx,
      ticketId,
      'escalated',
      { stepKey: step.key, reason: step.reason, action: step.action, level: step.level, percent: step.reason === 'sla_percent' ? step.atPercent : null, toRole: TO_ROLE[step.action], teamId: before.team_id },
      newId(),
    );
    // A step that reaches supervisors is a new escalation to answer, even if the last one was.
    const news = reachesSupervisors(TO_ROLE[step.action]) ? escalationStarted(at.toISOString()) : null;
    if (level !== before.escalation_level || tier !== before.tier || news) {
      await trx
        .updateTable('tickets')
        .set({
          escalation_level: level,
          tier,
          updated_at: at.toISOString(),
          ...(news ? { escalated_at: news.escalatedAt, escalation_acknowledged_at: null, escalation_acknowledged_by: null } : {}),
        })
        .where('id', '=', ticketId)
        .execute();
      await recordChange(ctx, { entity: 'ticket', entityId: ticketId, before, scopeChanged: level !== before.escalation_level });
    }
    await audit(ctx, { action: `escalation.${step.action}`, entity: 'ticket', entityId: ticketId, oldValue: { level: before.escalation_level, tier: before.tier }, newValue: { level, tier, step: step.key } });
    return latestChangeSeq(trx);
  }
}
