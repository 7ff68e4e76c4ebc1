import { create } from 'zustand';
import type { User } from '../../core/people/user';
import type { ConnectionState } from '../sync/sync-connection';

export interface Session {
  readonly token: string;
  readonly user: User;
  /** The server signed in to: the page's own origin on the web, the address the agent gave on the desktop. */
  readonly serverUrl: string;
}

interface SessionState {
  readonly session: Session | null;
  readonly connection: ConnectionState;
  readonly lastError: string | null;
  signedIn(session: Session): void;
  signedOut(reason?: string): void;
  connectionChanged(state: ConnectionState): void;
  syncFailed(message: string): void;
}

const STORAGE_KEY = 'switchboard.session';

/**
 * Web host: the session lives in sessionStorage (this tab, survives a reload, gone when the tab
 * closes). The desktop host will keep the token in safeStorage instead.
 */
function restore(): Session | null {
  try {
    const text = sessionStorage.getItem(STORAGE_KEY);
    if (!text) return null;
    const session = JSON.parse(text) as Partial<Session>;
    // Sessions saved before the server address was kept were always the page's own server.
    return session.token && session.user ? { token: session.token, user: session.user, serverUrl: session.serverUrl ?? window.location.origin } : null;
  } catch {
    return null;
  }
}

const useSessionStore = create<SessionState>()((set) => ({
  session: restore(),
  connection: 'offline',
  lastError: null,
  signedIn: (session) => {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    set({ session, lastError: null });
  },
  signedOut: (reason) => {
    sessionStorage.removeItem(STORAGE_KEY);
    set({ session: null, connection: 'offline', lastError: reason ?? null });
  },
  connectionChanged: (connection) => set({ connection }),
  syncFailed: (message) => set({ lastError: message }),
}));

export const useSession = () => useSessionStore((s) => s.session);
export const useConnection = () => useSessionStore((s) => s.connection);
export const useLastError = () => useSessionStore((s) => s.lastError);
export const sessionActions = () => useSessionStore.getState();
