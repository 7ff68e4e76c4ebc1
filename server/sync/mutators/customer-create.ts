import { normaliseCustomer } from '../../../core/customer/customer';
import type { MutationArgs } from '../../../core/protocol/sync-schemas';
import { audit, recordChange } from './change-writer';
import { rejected, type Mutator } from './mutation-context';

/** The quick new-customer form of the call panel: validated and normalised by the same core rules as on the client. */
export const createCustomer: Mutator<MutationArgs<'customer.create'>> = async (ctx, args) => {
  const normalised = normaliseCustomer(args, ctx.rules.defaultCountry);
  if (!normalised.ok) return rejected('invalid_request', normalised.error.reason);
  if (await ctx.trx.selectFrom('customers').select('id').where('id', '=', args.id).executeTakeFirst()) {
    return rejected('conflict', 'A customer with this id already exists.');
  }
  const c = normalised.value;
  const at = ctx.now.toISOString();
  await ctx.trx
    .insertInto('customers')
    .values({
      id: args.id,
      name: c.name,
      phones: JSON.stringify(c.phones),
      emails: JSON.stringify(c.emails),
      company: c.company,
      preferred_channel: c.preferredChannel,
      language: c.language,
      notes: c.notes,
      created_at: at,
      updated_at: at,
    })
    .execute();
  for (const phone of c.phones) {
    await ctx.trx.insertInto('customer_phones').values({ e164: phone, customer_id: args.id }).execute();
  }
  await recordChange(ctx, { entity: 'customer', entityId: args.id });
  await audit(ctx, { action: 'customer.create', entity: 'customer', entityId: args.id });
  return { ok: true };
};
