import type { User } from '../../core/people/user';

export type SignInResult = { ok: true; token: string; user: User } | { ok: false; message: string };

/** POST /api/auth/login; every failure comes back as a sentence for the form. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<SignInResult> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
  } catch {
    return { ok: false, message: 'The server cannot be reached. Check the network and try again.' };
  }
  const body = (await response.json().catch(() => null)) as { token?: string; user?: User; error?: { message: string } } | null;
  if (response.ok && body?.token && body.user) return { ok: true, token: body.token, user: body.user };
  return { ok: false, message: body?.error?.message ?? `Sign-in failed (HTTP ${response.status}).` };
}
