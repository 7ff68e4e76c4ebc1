import { prepareQuery } from '../storage/prepared-query';
import type { Db } from '../storage/query-builder';

// Run for every push and every pull: prepared once (server/storage/prepared-query.ts).
const registerClient = prepareQuery((db, p: { clientId: string; userId: string; at: string }) =>
  db
    .insertInto('sync_clients')
    .values({ client_id: p.clientId, user_id: p.userId, last_mutation_id: 0, created_at: p.at, last_seen_at: p.at })
    .onConflict((oc) => oc.column('client_id').doNothing()),
);
const clientOwner = prepareQuery((db, p: { clientId: string }) => db.selectFrom('sync_clients').select('user_id').where('client_id', '=', p.clientId));
const clientCounter = prepareQuery((db, p: { clientId: string }) => db.selectFrom('sync_clients').select('last_mutation_id').where('client_id', '=', p.clientId));

/**
 * A sync client id belongs to the first user who syncs with it. Another user presenting the same id is
 * refused: otherwise they could read its mutation outcomes or advance its counter.
 */
export async function claimClient(db: Db, clientId: string, userId: string, now: Date): Promise<boolean> {
  await registerClient.execute(db, { clientId, userId, at: now.toISOString() });
  const owner = await clientOwner.executeTakeFirst(db, { clientId });
  if (!owner) throw new Error('the sync client row is missing right after it was claimed');
  return owner.user_id === userId;
}

export async function lastMutationId(db: Db, clientId: string): Promise<number> {
  const row = await clientCounter.executeTakeFirst(db, { clientId });
  return row?.last_mutation_id ?? 0;
}
