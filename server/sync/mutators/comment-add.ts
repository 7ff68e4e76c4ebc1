import type { MutationArgs } from '../../../core/protocol/sync-schemas';
import { audit, noteInserted, recordChange } from './change-writer';
import { markFirstResponse } from './first-response';
import { rejected, type Mutator } from './mutation-context';
import { TICKET_NOT_FOUND, visibleTicket } from './ticket-access';

/** Comments are append-only and keyed by the client's id: they never conflict. */
export const addComment: Mutator<MutationArgs<'comment.add'>> = async (ctx, args) => {
  const ticket = await visibleTicket(ctx, args.ticketId);
  if (!ticket) return rejected('not_found', TICKET_NOT_FOUND);
  if (await ctx.trx.selectFrom('comments').select('id').where('id', '=', args.id).executeTakeFirst()) {
    return rejected('conflict', 'A comment with this id already exists.');
  }
  const at = ctx.now.toISOString();
  const createdAt = args.createdAt <= at ? args.createdAt : at;
  const comment = { id: args.id, ticket_id: args.ticketId, author_id: ctx.user.id, visibility: args.visibility, body: args.body, created_at: createdAt };
  await ctx.trx.insertInto('comments').values(comment).execute();
  noteInserted(ctx.trx, { comment });
  await recordChange(ctx, { entity: 'comment', entityId: args.id, ticketId: args.ticketId });
  if (args.visibility === 'public') await markFirstResponse(ctx, args.ticketId, createdAt);
  await audit(ctx, { action: 'comment.add', entity: 'comment', entityId: args.id, newValue: { ticketId: args.ticketId, visibility: args.visibility } });
  return { ok: true };
};
