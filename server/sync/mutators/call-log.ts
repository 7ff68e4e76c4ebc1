import { countsAsCustomerContact } from '../../../core/call/call';
import { normalisePhoneNumber } from '../../../core/customer/phone-number';
import type { MutationArgs } from '../../../core/protocol/sync-schemas';
import { audit, noteInserted, recordChange } from './change-writer';
import { markFirstResponse } from './first-response';
import { rejected, type Mutator } from './mutation-context';
import { TICKET_NOT_FOUND, visibleTicket } from './ticket-access';

/** A logged call is append-only; the number is stored in E.164 when it can be read as one. */
export const logCall: Mutator<MutationArgs<'call.log'>> = async (ctx, args) => {
  if (args.ticketId && !(await visibleTicket(ctx, args.ticketId))) return rejected('not_found', TICKET_NOT_FOUND);
  if (args.customerId && !(await ctx.trx.selectFrom('customers').select('id').where('id', '=', args.customerId).executeTakeFirst())) {
    return rejected('not_found', 'The customer does not exist.');
  }
  if (await ctx.trx.selectFrom('calls').select('id').where('id', '=', args.id).executeTakeFirst()) {
    return rejected('conflict', 'A call with this id already exists.');
  }
  if (args.endedAt !== null && args.endedAt < args.startedAt) return rejected('invalid_request', 'A call cannot end before it starts.');
  const phone = normalisePhoneNumber(args.number, ctx.rules.defaultCountry);
  const call = {
    id: args.id,
    ticket_id: args.ticketId,
    customer_id: args.customerId,
    agent_id: ctx.user.id,
    direction: args.direction,
    number: phone.ok ? phone.value : args.number.trim(),
    started_at: args.startedAt,
    ended_at: args.endedAt,
    notes: args.notes,
    disposition: args.disposition,
  };
  await ctx.trx.insertInto('calls').values(call).execute();
  noteInserted(ctx.trx, { call });
  await recordChange(ctx, { entity: 'call', entityId: args.id, ticketId: args.ticketId });
  if (args.ticketId && args.disposition && countsAsCustomerContact(args.disposition)) {
    await markFirstResponse(ctx, args.ticketId, args.startedAt);
  }
  await audit(ctx, { action: 'call.log', entity: 'call', entityId: args.id, newValue: { ticketId: args.ticketId, disposition: args.disposition } });
  return { ok: true };
};
