import { z } from 'zod';
import { newId } from '../../core/ids';
import { describeIssues } from '../../core/protocol/http-schemas';
import { hashPassword, PASSWORD_MAX, PASSWORD_MIN } from '../auth/password';
import type { UsersRepository } from '../repositories/users-repository';

const AdminInput = z.strictObject({
  email: z.string().trim().toLowerCase().email().max(254),
  name: z.string().trim().min(1).max(200),
  password: z.string().min(PASSWORD_MIN).max(PASSWORD_MAX),
});

export class AdminInputError extends Error {
  override readonly name = 'AdminInputError';
}

/** Creates an admin account from the command line: how a production workspace gets its first user. */
export async function createAdmin(users: UsersRepository, input: unknown, now = new Date()): Promise<{ id: string; email: string }> {
  const parsed = AdminInput.safeParse(input);
  if (!parsed.success) throw new AdminInputError(describeIssues(parsed.error));
  const { email, name, password } = parsed.data;
  if (await users.findByEmail(email)) throw new AdminInputError(`An account for ${email} already exists.`);
  const id = newId();
  await users.create({ id, email, name, role: 'admin', passwordHash: await hashPassword(password), teamIds: [] }, now);
  return { id, email };
}
