import { newId } from '../../../core/ids';
import type { MutationArgs } from '../../../core/protocol/sync-schemas';
import { findCategory } from '../../../core/ticket/category';
import { derivePriority } from '../../../core/ticket/priority';
import { transitionStatus } from '../../../core/ticket/status';
import { normaliseTags, type Ticket } from '../../../core/ticket/ticket';
import { canSeeTicket } from '../../../core/people/visibility';
import { fromTicket } from '../../repositories/tickets-repository';
import { audit, recordChange, ticketEvent } from './change-writer';
import { rejected, type MutationContext, type Mutator } from './mutation-context';

/** The leased number if it is this client's and unused; otherwise the next number from the counter. */
async function ticketNumber(ctx: MutationContext, proposed: number | null): Promise<number> {
  if (proposed !== null) {
    const lease = await ctx.trx
      .selectFrom('number_leases')
      .select('first_number')
      .where('client_id', '=', ctx.clientId)
      .where('first_number', '<=', proposed)
      .where('last_number', '>=', proposed)
      .executeTakeFirst();
    const taken = await ctx.trx.selectFrom('tickets').select('id').where('number', '=', proposed).executeTakeFirst();
    if (lease && !taken) return proposed;
  }
  const counter = await ctx.trx.selectFrom('ticket_number_counter').select('next_number').executeTakeFirstOrThrow();
  await ctx.trx.updateTable('ticket_number_counter').set({ next_number: counter.next_number + 1 }).execute();
  return counter.next_number;
}

export const createTicket: Mutator<MutationArgs<'ticket.create'>> = async (ctx, args) => {
  const { trx, rules } = ctx;
  if (await trx.selectFrom('tickets').select('id').where('id', '=', args.id).executeTakeFirst()) {
    return rejected('conflict', 'A ticket with this id already exists.');
  }
  if (!findCategory(rules.categories, args.categoryId)) return rejected('invalid_request', `Unknown category "${args.categoryId}".`);
  if (args.customerId && !(await trx.selectFrom('customers').select('id').where('id', '=', args.customerId).executeTakeFirst())) {
    return rejected('not_found', 'The customer does not exist.');
  }
  let teamId = args.teamId;
  if (teamId === null) {
    // Unrouted tickets go to the team that handles the category, or stay unrouted for a supervisor.
    const teams = await trx.selectFrom('teams').select(['id', 'category_ids']).orderBy('name').execute();
    teamId = teams.find((t) => (JSON.parse(t.category_ids) as string[]).includes(args.categoryId))?.id ?? null;
  } else if (!(await trx.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst())) {
    return rejected('not_found', `Unknown team "${teamId}".`);
  }
  if (args.assigneeId && !(await trx.selectFrom('users').select('id').where('id', '=', args.assigneeId).where('disabled', '=', 0).executeTakeFirst())) {
    return rejected('not_found', 'The assignee does not exist.');
  }
  if (ctx.user.role === 'agent' && !canSeeTicket(ctx.user, { teamId, assigneeId: args.assigneeId, escalationLevel: 0 })) {
    return rejected('forbidden', 'Agents create tickets for their own teams or assigned to themselves.');
  }

  const at = ctx.now.toISOString();
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
    escalationLevel: 0,
    teamId,
    assigneeId: args.assigneeId,
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
  };
  await trx.insertInto('tickets').values(fromTicket(ticket)).execute();
  await ticketEvent(ctx, ticket.id, 'created', { priority: ticket.priority, status: 'new' }, newId());
  if (status === 'resolved') await ticketEvent(ctx, ticket.id, 'status_changed', { from: 'new', to: 'resolved' }, newId());
  await recordChange(ctx, { entity: 'ticket', entityId: ticket.id, scopeChanged: true });
  await audit(ctx, { action: 'ticket.create', entity: 'ticket', entityId: ticket.id, newValue: { number, teamId, priority: ticket.priority, status } });
  return { ok: true, ...(number !== args.number ? { ticketNumber: number } : {}) };
};
