import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoginRequest, describeIssues } from '../../core/protocol/http-schemas';
import { DECOY_HASH, verifyPassword } from '../auth/password';
import { bearerToken, requireUser } from './authenticate';
import { sendError, sendJson } from './json-response';
import { readJsonBody } from './read-json-body';
import type { HttpServices } from './services';

export async function login(req: IncomingMessage, res: ServerResponse, services: HttpServices): Promise<void> {
  const parsed = LoginRequest.safeParse(await readJsonBody(req));
  if (!parsed.success) {
    sendError(res, 400, 'invalid_request', describeIssues(parsed.error));
    return;
  }
  const { email, password } = parsed.data;
  const address = req.socket.remoteAddress ?? 'unknown';
  const waitSeconds = await services.loginThrottle.attempt(address, email);
  if (waitSeconds > 0) {
    res.setHeader('Retry-After', String(waitSeconds));
    sendError(res, 429, 'too_many_attempts', `Too many sign-in attempts; try again in ${waitSeconds} seconds.`);
    return;
  }
  const account = await services.users.findByEmail(email);
  const passwordOk = await verifyPassword(account?.passwordHash ?? DECOY_HASH, password);
  if (!account || account.disabled || !passwordOk) {
    services.logger.info({ event: 'login_failed' }, 'sign-in refused');
    sendError(res, 401, 'invalid_credentials', 'The email or password is wrong.');
    return;
  }
  await services.loginThrottle.succeeded(address, email);
  const session = await services.sessions.create(account.user.id);
  services.logger.info({ event: 'login', userId: account.user.id }, 'signed in');
  sendJson(res, 200, { token: session.token, expiresAt: session.expiresAt, user: account.user });
}

export async function logout(req: IncomingMessage, res: ServerResponse, services: HttpServices): Promise<void> {
  const token = bearerToken(req);
  if (token) {
    await services.sessions.revoke(token);
    services.onLogout?.(token);
  }
  res.statusCode = 204;
  res.end();
}

export async function me(req: IncomingMessage, res: ServerResponse, services: HttpServices): Promise<void> {
  const user = await requireUser(req, res, services);
  if (!user) return;
  sendJson(res, 200, { user });
}
