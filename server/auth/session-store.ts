import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../storage/query-builder';
import { readInSlices } from '../storage/in-slices';

/** A shift, not a week: a lost laptop's token dies by the end of the day. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Opaque bearer tokens. Only their hash is stored; logout and role changes revoke them at once. */
export class SessionStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(userId: string): Promise<{ token: string; expiresAt: string }> {
    const token = randomBytes(32).toString('base64url');
    const created = this.now();
    const expiresAt = new Date(created.getTime() + SESSION_TTL_MS).toISOString();
    await this.db
      .insertInto('sessions')
      .values({ token_hash: tokenHash(token), user_id: userId, created_at: created.toISOString(), expires_at: expiresAt })
      .execute();
    return { token, expiresAt };
  }

  /** The user id behind a live token, or null for an unknown, expired or malformed one. */
  async resolve(token: string): Promise<string | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const row = await this.db
      .selectFrom('sessions')
      .select(['user_id', 'expires_at'])
      .where('token_hash', '=', tokenHash(token))
      .executeTakeFirst();
    if (!row || row.expires_at <= this.now().toISOString()) return null;
    return row.user_id;
  }

  /** The user behind each live session among these token hashes (one query for every socket a poke reaches). */
  async liveUsersByHash(hashes: readonly string[]): Promise<Map<string, string>> {
    if (hashes.length === 0) return new Map();
    const now = this.now().toISOString();
    const rows = await readInSlices(hashes, (slice) =>
      this.db.selectFrom('sessions').select(['token_hash', 'user_id']).where('token_hash', 'in', slice).where('expires_at', '>', now).execute(),
    );
    return new Map(rows.map((row) => [row.token_hash, row.user_id]));
  }

  async revoke(token: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash(token)).execute();
  }

  async revokeAllFor(userId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }

  async purgeExpired(): Promise<number> {
    const result = await this.db.deleteFrom('sessions').where('expires_at', '<=', this.now().toISOString()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
