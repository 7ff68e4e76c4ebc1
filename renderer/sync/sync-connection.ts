import { io } from 'socket.io-client';
import type { SyncPoke } from '../../core/protocol/sync-messages';
import type { LiveChannel } from './live-channel';
import type { SyncEngine } from './sync-engine';
import type { SyncMeta } from './mirror-db';
import { socketTransport, type SyncSocket } from './socket-transport';
import { OfflineError, SyncError } from './sync-transport';
import { refreshWorkspace } from '../workspace/workspace-config';

export type ConnectionState = 'connecting' | 'online' | 'syncing' | 'offline';

export interface ConnectionEvents {
  onState(state: ConnectionState): void;
  /** The server ended the session (logout elsewhere, role change, disabled): sign in again. */
  onSessionEnded(code: string): void;
  onError(error: SyncError): void;
}

/** Backstop for a lost poke: pull at least this often while connected. */
const PERIODIC_SYNC_MS = 30_000;
/** An online sync shorter than this leaves the chip at "Online". */
const QUIET_SYNC_MS = 500;
const LEADER_LOCK = 'switchboard-sync-leader';

/**
 * Keeps one socket per browser profile open (the tab holding the Web Lock is the sync leader; other tabs
 * write to the same IndexedDB outbox and see changes through live queries) and runs the engine on
 * connect, on every poke, when the network or the machine comes back, and periodically.
 */
export class SyncConnection {
  private socket: SyncSocket | null = null;
  private state: ConnectionState = 'connecting';
  private stopped = false;
  private releaseLock: (() => void) | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private unsubscribe: (() => void) | null = null;
  private readonly wake = () => void this.runSync();

  constructor(
    private readonly engine: SyncEngine,
    private readonly server: { baseUrl: string; token: string },
    private readonly events: ConnectionEvents,
    private readonly live: LiveChannel | null = null,
  ) {}

  start(): void {
    this.setState('connecting');
    // A change made in this tab leaves at once when online; other tabs' changes wait for the leader's next run.
    this.unsubscribe = this.engine.onLocalChange(this.wake);
    // Read (opening the mirror) while the leader lock is asked for, not after it is granted: on a first
    // sign-in the lock's answer waits for the workstation's first render, and the read took as long again.
    const meta = this.engine.meta();
    meta.catch(() => undefined); // awaited by open
    if (typeof navigator !== 'undefined' && navigator.locks) {
      void navigator.locks.request(LEADER_LOCK, () => {
        if (this.stopped) return undefined;
        void this.open(meta);
        return new Promise<void>((resolve) => (this.releaseLock = resolve));
      });
    } else {
      void this.open(meta);
    }
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    clearInterval(this.timer);
    window.removeEventListener('online', this.wake);
    document.removeEventListener('visibilitychange', this.wake);
    this.socket?.close();
    this.live?.unbind();
    this.releaseLock?.();
  }

  /**
   * Runs one sync now (after a local change, so it leaves without waiting for a poke). With a poke, the
   * page it carried is stored instead when it follows on from the mirror's cursor, and a bare one whose
   * sequence the mirror has reached changes nothing (SyncEngine.sync).
   */
  async runSync(poke?: SyncPoke): Promise<void> {
    const socket = this.socket;
    if (!socket?.connected || this.stopped) return;
    // Coming back, the agent wants to see the catch-up at once. Online, a poke's page or a periodic pull
    // is stored in tens of milliseconds: the chip flipping to "Syncing…" for each told nothing and drew
    // the eye, so it says so only for a run that lasts (the waiting count shows unsent changes anyway).
    const announce = () => this.setState('syncing');
    const quiet = this.state === 'online' ? setTimeout(announce, QUIET_SYNC_MS) : (announce(), undefined);
    try {
      await this.engine.sync(socketTransport(socket, this.server), poke);
      this.setState(socket.connected ? 'online' : 'offline');
    } catch (error) {
      // Signed out meanwhile: the run's failure (a revoked token's 401) is no longer anyone's news.
      if (this.stopped) return;
      if (error instanceof SyncError) this.events.onError(error);
      else if (!(error instanceof OfflineError)) throw error;
      // No answer on an open connection: the route is dead. Reconnect now rather than wait for the heartbeat.
      else if (error.unanswered && socket.connected) {
        socket.disconnect();
        socket.connect();
      }
      this.setState(socket.connected ? 'online' : 'offline');
    } finally {
      clearTimeout(quiet);
    }
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    this.events.onState(state);
  }

  private async open(meta: Promise<SyncMeta>): Promise<void> {
    const { clientId, filled } = await meta;
    // Stopped while the client id was read (sign-out, React unmounting): open nothing.
    if (this.stopped) return;
    const socket: SyncSocket = io(this.server.baseUrl, {
      auth: { token: this.server.token, clientId },
      transports: ['websocket'],
      reconnectionDelayMax: 10_000,
    });
    this.socket = socket;
    this.live?.bind(socket);
    socket.on('connect', () => {
      // Teams and calendars change rarely; fetching them on each connect keeps offline SLA clocks right.
      void refreshWorkspace(this.engine.db, this.server).catch(() => undefined);
      void this.runSync();
    });
    socket.on('disconnect', () => this.setState('offline'));
    socket.on('connect_error', (error) => {
      this.setState('offline');
      if (error.message === 'unauthenticated' || error.message === 'client_not_yours') this.events.onSessionEnded(error.message);
    });
    socket.on('sync:poke', (poke) => void this.runSync(poke));
    socket.on('session:ended', ({ code }) => this.events.onSessionEnded(code));
    window.addEventListener('online', this.wake);
    // Coming back from sleep or another window: pull before the agent reads stale data.
    document.addEventListener('visibilitychange', this.wake);
    this.timer = setInterval(this.wake, PERIODIC_SYNC_MS);
    if (!filled) void this.fillBeforeConnect(socket);
  }

  /**
   * A mirror not yet filled starts filling at once: the bootstrap's pages come over HTTP, so a first sign-in's first
   * screen does not wait for the socket's handshake too (100-160 ms here). The push and pull after the
   * pages need the socket; if it has not connected by then they fail as offline, and the connect's own run
   * does them (it joins this one while it lasts).
   */
  private async fillBeforeConnect(socket: SyncSocket): Promise<void> {
    try {
      await this.engine.sync(socketTransport(socket, this.server));
    } catch (error) {
      if (this.stopped) return;
      if (error instanceof SyncError) this.events.onError(error);
      else if (!(error instanceof OfflineError)) throw error;
      // Connected while this run failed: the connect's run joined it and failed with it. Run again once that
      // run's own handler has set the chip, so the chip follows the run that is still going.
      else if (socket.connected) setTimeout(() => void this.runSync(), 0);
    }
  }
}
