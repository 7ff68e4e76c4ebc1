import { newId } from '../../../core/ids';
import type { MutationArgs } from '../../../core/protocol/sync-schemas';
import { findCategory } from '../../../core/ticket/category';
import { derivePriority } from '../../../core/ticket/priority';
import { transitionStatus } from '../../../core/ticket/status';
import { normaliseTags, type Ticket } from '../../../core/ticket/ticket';
import { canSeeTicket } from '../../../core/people/visibility';
import { fromTicket, insertTicketRow } from '../../repositories/tickets-repository';
import { prepareQuery } from '../../storage/prepared-query';
import { savepointsLeftOut } from '../../storage/savepoint';
import { transactionCalendars } from '../../escalation/sla-inputs';
import { appendChange, audit, storeTicketEvent, ticketEventRow } from './change-writer';
import { filedTicketClocks, takeFiledTicketSteps } from '../../sla/deadline-refresh';
import { rejected, type MutationContext, type Mutator } from './mutation-context';
import { routeTicket, type RoutingDecision } from '../../../core/routing/routing';
import type { Availability } from '../../../core/people/user';
import { writeTime } from './write-time';

// Run for every ticket filed: prepared once (server/storage/prepared-query.ts).
const ticketWithId = prepareQuery((db, p: { id: string }) => db.selectFrom('tickets').select('id').where('id', '=', p.id));
const ticketWithNumber = prepareQuery((db, p: { number: number }) => db.selectFrom('tickets').select('id').where('number', '=', p.number));
const leaseHolding = prepareQuery((db, p: { clientId: string; number: number }) =>
  db.selectFrom('number_leases').select('first_number').where('client_id', '=', p.clientId).where('first_number', '<=', p.number).where('last_number', '>=', p.number),
);
const counterValue = prepareQuery((db) => db.selectFrom('ticket_number_counter').select('next_number'));
const moveCounter = prepareQuery((db, p: { next: number }) => db.updateTable('ticket_number_counter').set({ next_number: p.next }));

/**
 * The counter's next number as this transaction last moved it. Nothing else in a push writes the counter,
 * so after its first read a push of a hundred filed tickets need not read it again (a statement a ticket).
 * Only in a transaction without savepoints (savepoint.ts): there no part of it can be rolled back alone,
 * so the memory cannot run ahead of the row.
 */
const counterMovedTo = new WeakMap<object, number>();

/** The leased number if it is this client's and unused; otherwise the next number from the counter. */
async function ticketNumber(ctx: MutationContext, proposed: number | null): Promise<number> {
  if (proposed !== null) {
    const lease = await leaseHolding.executeTakeFirst(ctx.trx, { clientId: ctx.clientId, number: proposed });
    const taken = await ticketWithNumber.executeTakeFirst(ctx.trx, { number: proposed });
    if (lease && !taken) return proposed;
  }
  const remembered = savepointsLeftOut(ctx.trx);
  let next = remembered ? counterMovedTo.get(ctx.trx) : undefined;
  if (next === undefined) {
    const counter = await counterValue.executeTakeFirst(ctx.trx, {});
    if (!counter) throw new Error('the ticket number counter is missing');
    next = counter.next_number;
  }
  await moveCounter.execute(ctx.trx, { next: next + 1 });
  if (remembered) counterMovedTo.set(ctx.trx, next + 1);
  return next;
}

/** Category → team → the available agent with the most room; the whole team is read in this transaction. */
async function routeNewTicket(ctx: MutationContext, categoryId: string): Promise<RoutingDecision> {
  const teams = (await ctx.trx.selectFrom('teams').select(['id', 'name', 'category_ids', 'calendar_id']).orderBy('name').execute()).map((t) => ({
    id: t.id,
    name: t.name,
    calendarId: t.calendar_id,
    categoryIds: JSON.parse(t.category_ids) as string[],
  }));
  const users = await ctx.trx
    .selectFrom('users')
    .innerJoin('team_members', 'team_members.user_id', 'users.id')
    .select(['users.id', 'users.name', 'users.email', 'users.role', 'users.skills', 'users.capacity', 'users.availability', 'team_members.team_id'])
    .where('users.disabled', '=', 0)
    .execute();
  const loads = await ctx.trx
    .selectFrom('tickets')
    .select(['assignee_id', (eb) => eb.fn.countAll<number>().as('open')])
    .where('status', 'not in', ['resolved', 'closed'])
    .where('assignee_id', 'is not', null)
    .groupBy('assignee_id')
    .execute();
  const openBy = new Map(loads.map((l) => [l.assignee_id, Number(l.open)]));
  const agents = users.map((u) => ({
    user: {
      id: u.id,
      name: u.name,
      email: u.email,
      role: u.role,
      teamIds: users.filter((m) => m.id === u.id).map((m) => m.team_id),
      skills: JSON.parse(u.skills) as string[],
      capacity: u.capacity,
      availability: u.availability as Availability,
    },
    openTickets: openBy.get(u.id) ?? 0,
  }));
  return routeTicket({ categoryId }, teams, agents);
}

export const createTicket: Mutator<MutationArgs<'ticket.create'>> = async (ctx, args) => {
  const { trx, rules } = ctx;
  if (await ticketWithId.executeTakeFirst(trx, { id: args.id })) {
    return rejected('conflict', 'A ticket with this id already exists.');
  }
  if (!findCategory(rules.categories, args.categoryId)) return rejected('invalid_request', `Unknown category "${args.categoryId}".`);
  if (args.customerId && !(await trx.selectFrom('customers').select('id').where('id', '=', args.customerId).executeTakeFirst())) {
    return rejected('not_found', 'The customer does not exist.');
  }
  let teamId = args.teamId;
  let assigneeId = args.assigneeId;
  let routing: RoutingDecision | null = null;
  // A named team must exist: checked against the teams the transaction reads once with their calendars
  // (sla-inputs.ts; no push writes teams).
  if (teamId === null) {
    routing = await routeNewTicket(ctx, args.categoryId);
    teamId = routing.teamId;
    assigneeId ??= routing.assigneeId;
  } else if (!(await transactionCalendars(trx)).has(teamId)) {
    return rejected('not_found', `Unknown team "${teamId}".`);
  }
  if (args.assigneeId && !(await trx.selectFrom('users').select('id').where('id', '=', args.assigneeId).where('disabled', '=', 0).executeTakeFirst())) {
    return rejected('not_found', 'The assignee does not exist.');
  }
  // An agent files tickets for their own teams, or leaves the team empty and lets routing decide.
  if (ctx.user.role === 'agent' && !routing && !canSeeTicket(ctx.user, { teamId, assigneeId, escalationLevel: 0 })) {
    return rejected('forbidden', 'Agents create tickets for their own teams, or leave the team empty to route by category.');
  }

  const at = writeTime(ctx.now);
  let status: Ticket['status'] = 'new';
  let resolvedAt: string | null = null;
  let resolutionSummary: string | null = null;
  if (args.resolutionSummary !== null) {
    const resolved = transitionStatus(
      { status: 'new', resolutionSummary: null, resolvedAt: null, closedAt: null, reopenCount: 0 },
      { to: 'resolved', resolutionSummary: args.resolutionSummary },
      ctx.now,
      rules.lifecycle,
    );
    if (!resolved.ok) return rejected('rejected', resolved.error.reason);
    ({ status, resolvedAt, resolutionSummary } = resolved.value);
  }
  const number = await ticketNumber(ctx, args.number);
  const ticket: Ticket = {
    id: args.id,
    number,
    subject: args.subject,
    description: args.description,
    channel: args.channel,
    categoryId: args.categoryId,
    impact: args.impact,
    urgency: args.urgency,
    priority: derivePriority(args.impact, args.urgency, rules.priorityMatrix),
    status,
    tier: 1,
    escalationLevel: 0, escalatedAt: null, escalationAcknowledgedAt: null, escalationAcknowledgedBy: null,
    teamId,
    assigneeId,
    customerId: args.customerId,
    tags: normaliseTags(args.tags),
    resolutionSummary,
    // The agent's own clock says when the caller rang; the server's says when it was recorded.
    createdAt: args.createdAt <= at ? args.createdAt : at,
    updatedAt: at,
    firstRespondedAt: null,
    resolvedAt,
    closedAt: null,
    reopenCount: 0,
    slaDueAt: null,
    slaAtRiskAt: null,
  };
  // The history the ticket is filed with, built before anything is written: its SLA clocks need it.
  const history = [ticketEventRow(ctx, ticket.id, 'created', { priority: ticket.priority, status: 'new' }, newId())];
  if (routing) history.push(ticketEventRow(ctx, ticket.id, 'routed', { teamId, assigneeId, reason: routing.reason }, newId()));
  if (status === 'resolved') history.push(ticketEventRow(ctx, ticket.id, 'status_changed', { from: 'new', to: 'resolved' }, newId()));
  const row = fromTicket(ticket);
  // With no later mutation of the push naming it, its deadlines and the steps already due are final now, and
  // the row is inserted with them; otherwise the push refreshes it after that mutation (push-deadlines.ts).
  const clocks = ctx.deadlines.finalHere(ticket.id) ? await filedTicketClocks(ctx, row, history) : null;
  // The row is written with its version, the sequence number of its change-log entry: one write, not an
  // insert and a stamp.
  const version = await appendChange(ctx, { entity: 'ticket', entityId: ticket.id, scopeChanged: true });
  // Without its clocks, the row waits for the refresh: revision 0 is older than any rules'. The columns are
  // assigned onto a fresh row, not spread after it: on Node 20 that spread cost 10 µs a ticket (docs/
  // performance.md, "Spreads on Node 20"); `row` itself stays as filed, for the escalation steps below.
  await insertTicketRow.execute(trx, Object.assign(fromTicket(ticket), { sla_revision: 0, next_escalation_at: null }, clocks?.columns, { version }));
  for (const event of history) await storeTicketEvent(ctx, event);
  await audit(ctx, { action: 'ticket.create', entity: 'ticket', entityId: ticket.id, newValue: { number, teamId, priority: ticket.priority, status } });
  if (clocks) ctx.deadlines.refreshed(ticket.id, await takeFiledTicketSteps(ctx, row, clocks, ctx.logger));
  return { ok: true, ...(number !== args.number ? { ticketNumber: number } : {}) };
};
