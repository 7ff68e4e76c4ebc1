import type { Selectable } from 'kysely';
import { DEFAULT_BUSINESS_CALENDAR, type BusinessCalendar } from '../../core/sla/business-calendar';
import { DEFAULT_ESCALATION_POLICY } from '../../core/escalation/escalation-policy';
import { dueEscalationSteps, type DueStep } from '../../core/escalation/escalation-rules';
import { nextEscalationAt } from '../../core/escalation/next-escalation';
import { slaDeadlines } from '../../core/sla/sla-deadlines';
import { computeSla, type SlaClock } from '../../core/sla/sla-engine';
import { slaEventsFromHistory } from '../../core/sla/sla-history';
import { DEFAULT_SLA_POLICY } from '../../core/sla/sla-policy';
import type { Priority } from '../../core/ticket/priority';
import type { TicketStatus } from '../../core/ticket/status';
import type { Tier } from '../../core/ticket/ticket';
import { logTakenSteps, planEscalation, recordEscalation, takeEscalationSteps, type EscalationColumns, type EscalationPlan, type EscalationScope, type TakenStep } from '../escalation/escalation-steps';
import { takenStepKeys, ticketHistory, transactionCalendars } from '../escalation/sla-inputs';
import type { Logger } from '../logger';
import { prepareQuery } from '../storage/prepared-query';
import { Savepoint } from '../storage/savepoint';
import type { Db } from '../storage/query-builder';
import type { TicketEventsTable, TicketsTable } from '../storage/schema';
import { appendedSince, type WriteContext } from '../sync/mutators/change-writer';
import { writeTicketChange, writeTicketColumns, type TicketColumns } from '../sync/mutators/ticket-change';
import { toTicketEvent } from '../sync/row-mappers';

const STEPS_SAVEPOINT = new Savepoint('escalation_steps');
// Run for every ticket a push touches: prepared once (server/storage/prepared-query.ts).
const slaInputs = prepareQuery((db, p: { ticketId: string }) =>
  db
    .selectFrom('tickets')
    .select(['id', 'team_id', 'assignee_id', 'escalation_level', 'created_at', 'priority', 'status', 'tier', 'sla_due_at', 'sla_at_risk_at', 'sla_revision', 'next_escalation_at'])
    .where('id', '=', p.ticketId),
);
const touchedSince = prepareQuery((db, p: { afterSeq: number }) =>
  db.selectFrom('changes').select(['entity', 'ticket_id']).where('seq', '>', p.afterSeq).where('ticket_id', 'is not', null).where('entity', 'in', ['ticket', 'event']),
);

/** Raise when the policy or the deadline rules change: every stored deadline is recomputed at start. */
export const SLA_REVISION = 2;
/** Tickets per transaction of the start-up backfill. */
const BATCH = 500;

/** What a refresh needs besides the tickets. */
export interface RefreshOptions {
  /** Tickets with a ticket change in this transaction already: a moved deadline needs no change of its own. */
  readonly alreadyRecorded: ReadonlySet<string>;
  readonly logger: Logger;
}

/** A stopped clock cannot climb the ladder any further. */
const percentOf = (clock: SlaClock) => (clock.phase === 'stopped' ? null : clock.percentUsed);

/**
 * Recomputes the stored SLA deadlines of these tickets inside the caller's transaction, takes the
 * escalation steps due now, and stores when the escalation scheduler must look at them next. A ticket
 * whose deadlines moved gets a change-log entry (unless the transaction already has one) so every mirror
 * re-sorts it; the next escalation check is the server's own and replicates nowhere. The steps are taken
 * here rather than by the scheduler after the commit: a critical ticket reaches its supervisors with the
 * push that filed it, and its history and clocks are read and computed once, not again in a transaction
 * of the scheduler's (a third of the server's time under a burst of new tickets). Returns the steps taken,
 * for the caller to log once it has committed.
 */
export async function refreshDeadlines(ctx: WriteContext, ticketIds: readonly string[], options: RefreshOptions): Promise<TakenStep[]> {
  const steps: TakenStep[] = [];
  if (ticketIds.length === 0) return steps;
  const calendars = await transactionCalendars(ctx.trx);
  // One ticket at a time through prepared queries: a push touches one or two, and three small prepared
  // reads cost less than building `in` lists; the start-up backfill is the only long list.
  for (const ticketId of ticketIds) {
    const ticket = await slaInputs.executeTakeFirst(ctx.trx, { ticketId });
    if (!ticket) continue;
    const plan = planClocks(ticket, await ticketHistory(ctx.trx, ticketId), await takenStepKeys(ctx.trx, ticketId), calendars, ctx.now);
    const took = await takeSteps(ctx, ticket, plan.due, options.logger);
    steps.push(...took.steps);
    const nextEscalation = took.failed ? ctx.now.toISOString() /* the scheduler tries again */ : plan.nextEscalation;
    const { deadlines } = plan;
    const moved = deadlines.dueAt !== ticket.sla_due_at || deadlines.atRiskAt !== ticket.sla_at_risk_at;
    if (!took.columns && !moved && ticket.sla_revision === SLA_REVISION && nextEscalation === ticket.next_escalation_at) continue;
    // The steps' changes and the deadlines in one write of the row.
    // Object.assign, not a spread followed by properties: slow on Node 20 (docs/performance.md, "Spreads on Node 20").
    const stored = Object.assign({}, took.columns, { sla_due_at: deadlines.dueAt, sla_at_risk_at: deadlines.atRiskAt, sla_revision: SLA_REVISION, next_escalation_at: nextEscalation });
    if (took.columns) {
      // An escalation is a change of its own even on a ticket this transaction changed: it may widen who sees it.
      await writeTicketChange(ctx, ticketId, stored, { before: ticket, scopeChanged: took.columns.escalation_level !== ticket.escalation_level });
    } else if (moved && !options.alreadyRecorded.has(ticketId)) {
      await writeTicketChange(ctx, ticketId, stored);
    } else {
      await writeTicketColumns(ctx, ticketId, stored);
    }
  }
  return steps;
}

/** What the clocks are computed from on the ticket row. */
type ClockInputs = Pick<Selectable<TicketsTable>, 'team_id' | 'created_at' | 'priority' | 'status' | 'tier'>;

/** A ticket's deadlines, its escalation steps due now, and its next check if all of them are taken. */
interface ClockPlan {
  readonly deadlines: { readonly dueAt: string | null; readonly atRiskAt: string | null };
  readonly due: DueStep[];
  readonly nextEscalation: string | null;
}

/** The SLA clocks of one ticket from its row, history and taken steps: no reads, no writes. */
function planClocks(ticket: ClockInputs, history: ReadonlyArray<Selectable<TicketEventsTable>>, taken: readonly string[], calendars: ReadonlyMap<string, BusinessCalendar>, now: Date): ClockPlan {
  const state = { priority: ticket.priority as Priority, status: ticket.status as TicketStatus, tier: ticket.tier as Tier };
  const events = slaEventsFromHistory(history.map(toTicketEvent), { createdAt: ticket.created_at, priority: state.priority, status: state.status });
  const calendar = (ticket.team_id ? calendars.get(ticket.team_id) : undefined) ?? DEFAULT_BUSINESS_CALENDAR;
  const report = computeSla(events, DEFAULT_SLA_POLICY, calendar, now, 'deadlines');
  // Whole literals, not `{ ...state, more }`: slow on Node 20 (docs/performance.md, "Spreads on Node 20").
  const percentUsed = { first_response: percentOf(report.firstResponse), resolution: percentOf(report.resolution) };
  const due = dueEscalationSteps({ priority: state.priority, status: state.status, tier: state.tier, takenStepKeys: [...taken], percentUsed }, DEFAULT_ESCALATION_POLICY);
  const takenAfter = [...taken, ...due.map((d) => d.key)];
  return {
    deadlines: slaDeadlines(report, DEFAULT_SLA_POLICY.atRiskPercent, calendar, now),
    due,
    nextEscalation: nextEscalationAt({ priority: state.priority, status: state.status, tier: state.tier, takenStepKeys: takenAfter }, report, DEFAULT_ESCALATION_POLICY, calendar, now),
  };
}

/** A ticket being filed, as its mutator is about to write it. */
export type FiledTicket = ClockInputs & EscalationScope & Pick<Selectable<TicketsTable>, 'id' | 'escalated_at' | 'escalation_acknowledged_at' | 'escalation_acknowledged_by'>;

/** The columns a filed ticket's row is inserted with, and the steps to record once it and its history are written. */
export interface FiledTicketClocks {
  readonly columns: Partial<EscalationColumns> & Pick<TicketColumns, 'sla_due_at' | 'sla_at_risk_at' | 'sla_revision' | 'next_escalation_at'>;
  readonly escalation: EscalationPlan;
}

/**
 * The stored SLA columns of a ticket a mutation is filing, computed from the row and history it is about
 * to write: the row is inserted once with its deadlines, and with what the escalation steps already due
 * change (a critical ticket goes to supervisors at once). Inserting it bare, reading the row, its history
 * and its steps back and updating it was five statements of a filing's twenty-five.
 */
export async function filedTicketClocks(ctx: WriteContext, ticket: FiledTicket, history: ReadonlyArray<Selectable<TicketEventsTable>>): Promise<FiledTicketClocks> {
  const plan = planClocks(ticket, history, [], await transactionCalendars(ctx.trx), ctx.now);
  const escalation = planEscalation(ticket, plan.due, ctx.now);
  // Object.assign, not a spread followed by properties: slow on Node 20 (docs/performance.md, "Spreads on Node 20").
  return {
    columns: Object.assign({}, escalation.columns, { sla_due_at: plan.deadlines.dueAt, sla_at_risk_at: plan.deadlines.atRiskAt, sla_revision: SLA_REVISION, next_escalation_at: plan.nextEscalation }),
    escalation,
  };
}

/**
 * Records the planned steps of a filed ticket, once its row and history are written, in a savepoint of
 * their own like any refresh's. If they cannot be recorded, the row goes back to the scope it was filed
 * with and is left due for the scheduler: the agent's ticket is kept either way.
 */
export async function takeFiledTicketSteps(ctx: WriteContext, ticket: FiledTicket, clocks: FiledTicketClocks, logger: Logger): Promise<TakenStep[]> {
  if (clocks.escalation.steps.length === 0) return [];
  const recorded = await STEPS_SAVEPOINT.run(ctx.trx, () => recordEscalation(ctx.trx, ticket.id, ticket, clocks.escalation, ctx.now));
  if (recorded.ok) return recorded.value;
  logger.error({ ticketId: ticket.id, error: recorded.error instanceof Error ? recorded.error.message : 'unknown' }, 'escalation steps not taken');
  const { escalation_level, tier, escalated_at, escalation_acknowledged_at, escalation_acknowledged_by } = ticket;
  await writeTicketColumns(ctx, ticket.id, {
    ...(clocks.escalation.columns ? { escalation_level, tier, escalated_at, escalation_acknowledged_at, escalation_acknowledged_by } : {}),
    next_escalation_at: ctx.now.toISOString(),
  });
  return [];
}

/**
 * The due steps of one ticket, in a savepoint of their own: a step that cannot be recorded (a bug, bad
 * stored data) is logged and left due for the scheduler, and never costs the agent the change that
 * made it due.
 */
async function takeSteps(ctx: WriteContext, ticket: EscalationScope & { id: string }, due: readonly DueStep[], logger: Logger): Promise<{ steps: TakenStep[]; columns: EscalationColumns | null; failed: boolean }> {
  if (due.length === 0) return { steps: [], columns: null, failed: false };
  const taken = await STEPS_SAVEPOINT.run(ctx.trx, () => takeEscalationSteps(ctx.trx, ticket.id, ticket, due, ctx.now));
  if (taken.ok) return { steps: taken.value.steps, columns: taken.value.columns, failed: false };
  logger.error({ ticketId: ticket.id, error: taken.error instanceof Error ? taken.error.message : 'unknown' }, 'escalation steps not taken');
  return { steps: [], columns: null, failed: true };
}

/**
 * The tickets a transaction touched since `afterSeq`, read from its own change-log rows, and which of
 * them already have a ticket change: whatever path wrote them, their deadlines are refreshed.
 */
export async function ticketsTouchedSince(ctx: WriteContext, afterSeq: number): Promise<{ touched: Set<string>; recorded: Set<string> }> {
  // Only ticket rows and history events feed the SLA clocks: a note or a call that did not reach the
  // customer changes nothing (one that did also wrote a ticket change). Computing the clocks was a fifth
  // of the server's time under the capacity bench's notes.
  // The transaction's own memory of what it appended when it has one (change-writer.ts), else the log.
  const rows = appendedSince(ctx.trx, afterSeq) ?? (await touchedSince.execute(ctx.trx, { afterSeq }));
  const touched = new Set<string>();
  const recorded = new Set<string>();
  for (const row of rows) {
    if (row.ticket_id === null || (row.entity !== 'ticket' && row.entity !== 'event')) continue;
    touched.add(row.ticket_id);
    if (row.entity === 'ticket') recorded.add(row.ticket_id);
  }
  return { touched, recorded };
}

/** At start: tickets stored before deadlines existed, or under an older revision of the rules. */
export async function backfillDeadlines(db: Db, now: Date, logger: Logger): Promise<number> {
  let total = 0;
  for (;;) {
    const ids = (await db.selectFrom('tickets').select('id').where('sla_revision', '<', SLA_REVISION).limit(BATCH).execute()).map((r) => r.id);
    if (ids.length === 0) return total;
    const steps = await db.transaction().execute((trx) => refreshDeadlines({ trx, now, user: null, clientId: null }, ids, { alreadyRecorded: new Set(), logger }));
    logTakenSteps(logger, steps);
    total += ids.length;
  }
}
