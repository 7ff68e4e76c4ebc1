import type { IncomingMessage, ServerResponse } from 'node:http';
import type { User } from '../../core/people/user';
import type { SessionStore } from '../auth/session-store';
import type { UsersRepository } from '../repositories/users-repository';
import { sendError } from './json-response';

export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  const match = header ? /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(header) : null;
  return match?.[1] ?? null;
}

/** The signed-in user behind a request, re-read on every request so role changes apply at once. */
export async function authenticate(req: IncomingMessage, sessions: SessionStore, users: UsersRepository): Promise<User | null> {
  const token = bearerToken(req);
  if (!token) return null;
  const userId = await sessions.resolve(token);
  return userId ? users.findActiveById(userId) : null;
}

/** The signed-in user, or null after answering 401: routes start with `const user = await requireUser(…); if (!user) return;`. */
export async function requireUser(req: IncomingMessage, res: ServerResponse, services: { sessions: SessionStore; users: UsersRepository }): Promise<User | null> {
  const user = await authenticate(req, services.sessions, services.users);
  if (!user) sendError(res, 401, 'unauthenticated', 'Sign in first.');
  return user;
}
