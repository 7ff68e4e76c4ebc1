import type { Db } from '../storage/query-builder';

/**
 * A sync client id belongs to the first user who syncs with it. Another user presenting the same id is
 * refused: otherwise they could read its mutation outcomes or advance its counter.
 */
export async function claimClient(db: Db, clientId: string, userId: string, now: Date): Promise<boolean> {
  const at = now.toISOString();
  await db
    .insertInto('sync_clients')
    .values({ client_id: clientId, user_id: userId, last_mutation_id: 0, created_at: at, last_seen_at: at })
    .onConflict((oc) => oc.column('client_id').doNothing())
    .execute();
  const owner = await db.selectFrom('sync_clients').select('user_id').where('client_id', '=', clientId).executeTakeFirstOrThrow();
  return owner.user_id === userId;
}

export async function lastMutationId(db: Db, clientId: string): Promise<number> {
  const row = await db.selectFrom('sync_clients').select('last_mutation_id').where('client_id', '=', clientId).executeTakeFirst();
  return row?.last_mutation_id ?? 0;
}
