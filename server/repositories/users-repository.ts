import type { Availability, Role, User } from '../../core/people/user';
import type { Db } from '../storage/query-builder';
import type { UsersTable } from '../storage/schema';
import { readInSlices } from '../storage/in-slices';

export interface NewUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly passwordHash: string;
  readonly teamIds: readonly string[];
  readonly skills?: readonly string[];
  readonly capacity?: number;
}

export interface UserWithSecret {
  readonly user: User;
  readonly passwordHash: string;
  readonly disabled: boolean;
}

export class UsersRepository {
  constructor(private readonly db: Db) {}

  async findByEmail(email: string): Promise<UserWithSecret | null> {
    const row = await this.db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
    return row ? { user: await this.toUser(row), passwordHash: row.password_hash, disabled: row.disabled === 1 } : null;
  }

  /** Only enabled users: a disabled account's live token stops working on its next request. */
  async findActiveById(id: string): Promise<User | null> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).where('disabled', '=', 0).executeTakeFirst();
    return row ? this.toUser(row) : null;
  }

  /** Several enabled users in two queries (a poke checks everyone it carries rows to). */
  async findActiveByIds(ids: readonly string[]): Promise<Map<string, User>> {
    if (ids.length === 0) return new Map();
    const rows = await readInSlices(ids, (slice) => this.db.selectFrom('users').selectAll().where('id', 'in', slice).where('disabled', '=', 0).execute());
    const memberships = await readInSlices(ids, (slice) => this.db.selectFrom('team_members').select(['user_id', 'team_id']).where('user_id', 'in', slice).orderBy('team_id').execute());
    const teamsOf = new Map<string, string[]>();
    for (const m of memberships) teamsOf.set(m.user_id, [...(teamsOf.get(m.user_id) ?? []), m.team_id]);
    return new Map(rows.map((row) => [row.id, this.userOf(row, teamsOf.get(row.id) ?? [])]));
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async create(user: NewUser, now: Date): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('users')
        .values({
          id: user.id,
          email: user.email.trim().toLowerCase(),
          name: user.name,
          role: user.role,
          password_hash: user.passwordHash,
          skills: JSON.stringify(user.skills ?? []),
          capacity: user.capacity ?? 20,
          availability: 'offline',
          disabled: 0,
          created_at: now.toISOString(),
        })
        .execute();
      if (user.teamIds.length > 0) {
        await trx
          .insertInto('team_members')
          .values(user.teamIds.map((teamId) => ({ team_id: teamId, user_id: user.id })))
          .execute();
      }
    });
  }

  private async toUser(row: UsersTable): Promise<User> {
    const teams = await this.db.selectFrom('team_members').select('team_id').where('user_id', '=', row.id).orderBy('team_id').execute();
    return this.userOf(row, teams.map((t) => t.team_id));
  }

  private userOf(row: UsersTable, teamIds: string[]): User {
    return {
      id: row.id,
      name: row.name,
      email: row.email,
      role: row.role,
      teamIds,
      skills: JSON.parse(row.skills) as string[],
      capacity: row.capacity,
      availability: row.availability as Availability,
    };
  }
}
