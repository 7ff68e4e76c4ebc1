import { hostApi } from '../desktop/desktop-host';
import type { Session } from './session-store';

/**
 * The desktop app keeps a sign-in for the next start through the host (encrypted by the OS). Returns
 * why it could not, in words for the agent, or null when it was kept (or the host is a browser tab).
 */
export async function keepSession(session: Session): Promise<string | null> {
  const host = hostApi();
  if (host.host !== 'desktop') return null;
  try {
    const kept = await host.keepSession(JSON.stringify(session));
    return kept.persisted ? null : kept.reason;
  } catch {
    return 'Your sign-in could not be kept for the next start; you will be asked to sign in again.';
  }
}

/** The session kept by an earlier start of the desktop app, if it is still well-formed. */
export async function restoreKeptSession(): Promise<Session | null> {
  const host = hostApi();
  if (host.host !== 'desktop') return null;
  try {
    const text = await host.restoreSession();
    if (!text) return null;
    const session = JSON.parse(text) as Partial<Session>;
    return typeof session.token === 'string' && typeof session.serverUrl === 'string' && session.user ? (session as Session) : null;
  } catch {
    return null;
  }
}

export async function forgetKeptSession(): Promise<void> {
  await hostApi()
    .forgetSession()
    .catch(() => undefined);
}
