import type { Selectable } from 'kysely';
import { canSeeTicket } from '../../../core/people/visibility';
import type { TicketsTable } from '../../storage/schema';
import { prepareQuery } from '../../storage/prepared-query';
import type { MutationContext } from './mutation-context';

// Every mutation on a ticket starts here: prepared once (server/storage/prepared-query.ts).
const ticketById = prepareQuery((db, p: { ticketId: string }) => db.selectFrom('tickets').selectAll().where('id', '=', p.ticketId));

/**
 * The ticket a mutation targets, only if the user may see it. An unknown ticket and an invisible one
 * get the same answer, so a mutation cannot probe for other teams' tickets.
 */
export async function visibleTicket(ctx: MutationContext, ticketId: string): Promise<Selectable<TicketsTable> | null> {
  const row = await ticketById.executeTakeFirst(ctx.trx, { ticketId });
  if (!row) return null;
  const visible = canSeeTicket(ctx.user, { teamId: row.team_id, assigneeId: row.assignee_id, escalationLevel: row.escalation_level });
  return visible ? row : null;
}

export const TICKET_NOT_FOUND = 'No such ticket that you can see.';
