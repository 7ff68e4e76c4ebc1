import type { NumberLease } from '../../core/protocol/sync-messages';
import type { Db } from '../storage/query-builder';

/** Twenty numbers cover a long offline spell on the phones; a refill is requested when half are used. */
export const LEASE_SIZE = 20;

/**
 * Hands a client a block of human ticket numbers so a ticket created offline during a call has its
 * final number at once. A client holding a block with unused numbers gets that block again rather than
 * a new one, so numbers are not burned by repeated requests.
 */
export async function leaseNumbers(db: Db, clientId: string, now: Date): Promise<NumberLease> {
  return db.transaction().execute(async (trx) => {
    const latest = await trx
      .selectFrom('number_leases')
      .select(['first_number', 'last_number'])
      .where('client_id', '=', clientId)
      .orderBy('first_number', 'desc')
      .executeTakeFirst();
    if (latest) {
      const used = await trx
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('number', '>=', latest.first_number)
        .where('number', '<=', latest.last_number)
        .executeTakeFirstOrThrow();
      if (Number(used.n) < LEASE_SIZE / 2) return { first: latest.first_number, last: latest.last_number };
    }
    const counter = await trx.selectFrom('ticket_number_counter').select('next_number').executeTakeFirstOrThrow();
    const lease = { first: counter.next_number, last: counter.next_number + LEASE_SIZE - 1 };
    await trx.updateTable('ticket_number_counter').set({ next_number: lease.last + 1 }).execute();
    await trx
      .insertInto('number_leases')
      .values({ client_id: clientId, first_number: lease.first, last_number: lease.last, leased_at: now.toISOString() })
      .execute();
    return lease;
  });
}
