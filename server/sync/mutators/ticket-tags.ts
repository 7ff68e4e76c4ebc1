import type { MutationArgs } from '../../../core/protocol/sync-schemas';
import { changeTags, TAGS_PER_TICKET_MAX } from '../../../core/ticket/ticket';
import { audit } from './change-writer';
import { writeTicketChange } from './ticket-change';
import { rejected, type Mutator } from './mutation-context';
import { TICKET_NOT_FOUND, visibleTicket } from './ticket-access';

/** Tags merge per element: concurrent adds and removes by different agents both survive. */
export const changeTicketTags: Mutator<MutationArgs<'ticket.tags'>> = async (ctx, args) => {
  const row = await visibleTicket(ctx, args.id);
  if (!row) return rejected('not_found', TICKET_NOT_FOUND);
  const before = [...(JSON.parse(row.tags) as string[])].sort();
  const after = changeTags(before, args.add, args.remove);
  if (after.length > TAGS_PER_TICKET_MAX) return rejected('rejected', `A ticket can carry at most ${TAGS_PER_TICKET_MAX} tags.`);
  if (after.join('\n') === before.join('\n')) return { ok: true };
  await writeTicketChange(ctx, row.id, { tags: JSON.stringify(after), updated_at: ctx.now.toISOString() });
  await audit(ctx, { action: 'ticket.tags', entity: 'ticket', entityId: row.id, oldValue: before, newValue: after });
  return { ok: true };
};
