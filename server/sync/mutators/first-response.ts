import { newId } from '../../../core/ids';
import { prepareQuery } from '../../storage/prepared-query';
import { recordChange, ticketEvent } from './change-writer';
import type { MutationContext } from './mutation-context';

// Every public reply and call to a customer runs it: prepared once (server/storage/prepared-query.ts).
const firstResponseAt = prepareQuery((db, p: { ticketId: string; at: string; updatedAt: string }) =>
  db.updateTable('tickets').set({ first_responded_at: p.at, updated_at: p.updatedAt }).where('id', '=', p.ticketId).where('first_responded_at', 'is', null),
);

/** The first public reply or call that reached the customer stops the first-response SLA clock. */
export async function markFirstResponse(ctx: MutationContext, ticketId: string, at: string): Promise<void> {
  const updated = await firstResponseAt.run(ctx.trx, { ticketId, at, updatedAt: ctx.now.toISOString() });
  if (Number(updated.numAffectedRows ?? 0) === 0) return;
  await ticketEvent(ctx, ticketId, 'responded', {}, newId());
  await recordChange(ctx, { entity: 'ticket', entityId: ticketId });
}
