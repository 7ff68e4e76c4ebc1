import { newId } from '../../../core/ids';
import { recordChange, ticketEvent } from './change-writer';
import type { MutationContext } from './mutation-context';

/** The first public reply or call that reached the customer stops the first-response SLA clock. */
export async function markFirstResponse(ctx: MutationContext, ticketId: string, at: string): Promise<void> {
  const updated = await ctx.trx
    .updateTable('tickets')
    .set({ first_responded_at: at, updated_at: ctx.now.toISOString() })
    .where('id', '=', ticketId)
    .where('first_responded_at', 'is', null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return;
  await ticketEvent(ctx, ticketId, 'responded', {}, newId());
  await recordChange(ctx, { entity: 'ticket', entityId: ticketId });
}
