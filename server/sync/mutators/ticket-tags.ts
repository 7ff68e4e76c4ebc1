import type { MutationArgs } from '../../../core/protocol/sync-schemas';
import { normaliseTag, TAGS_PER_TICKET_MAX } from '../../../core/ticket/ticket';
import { audit, recordChange } from './change-writer';
import { rejected, type Mutator } from './mutation-context';
import { TICKET_NOT_FOUND, visibleTicket } from './ticket-access';

/** Tags merge per element: concurrent adds and removes by different agents both survive. */
export const changeTicketTags: Mutator<MutationArgs<'ticket.tags'>> = async (ctx, args) => {
  const row = await visibleTicket(ctx, args.id);
  if (!row) return rejected('not_found', TICKET_NOT_FOUND);
  const tags = new Set(JSON.parse(row.tags) as string[]);
  const before = [...tags].sort();
  for (const tag of args.add) {
    const clean = normaliseTag(tag);
    if (clean) tags.add(clean);
  }
  for (const tag of args.remove) {
    const clean = normaliseTag(tag);
    if (clean) tags.delete(clean);
  }
  if (tags.size > TAGS_PER_TICKET_MAX) return rejected('rejected', `A ticket can carry at most ${TAGS_PER_TICKET_MAX} tags.`);
  const after = [...tags].sort();
  if (after.join('\n') === before.join('\n')) return { ok: true };
  await ctx.trx.updateTable('tickets').set({ tags: JSON.stringify(after), updated_at: ctx.now.toISOString() }).where('id', '=', row.id).execute();
  await recordChange(ctx, { entity: 'ticket', entityId: row.id });
  await audit(ctx, { action: 'ticket.tags', entity: 'ticket', entityId: row.id, oldValue: before, newValue: after });
  return { ok: true };
};
