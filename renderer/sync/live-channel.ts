import type { BoardResponse, ChosenAvailability, PresenceChange } from '../../core/protocol/presence';
import type { SyncSocket } from './socket-transport';

type Listener<T> = (value: T) => void;

const ACK_TIMEOUT_MS = 10_000;

/**
 * What is live and never stored: availability and the supervisors' team board. It rides the sync
 * socket while this tab holds it (the sync leader) and says "not connected" otherwise, so the screen
 * can say why the board is not moving instead of showing stale numbers as current.
 */
export class LiveChannel {
  private socket: SyncSocket | null = null;
  private declared: ChosenAvailability | null = null;
  private readonly presenceListeners = new Set<Listener<PresenceChange>>();
  private readonly pokeListeners = new Set<Listener<void>>();
  private readonly connectionListeners = new Set<Listener<boolean>>();

  /** The sync connection hands over its socket once, when it opens it. */
  bind(socket: SyncSocket): void {
    this.socket = socket;
    socket.on('presence:changed', (change) => this.presenceListeners.forEach((listener) => listener(change)));
    socket.on('sync:poke', () => this.pokeListeners.forEach((listener) => listener()));
    socket.on('connect', () => {
      // Every (re)connection starts as "available" on the server: say again what the agent is.
      if (this.declared) void this.sendAvailability(this.declared);
      this.connectionListeners.forEach((listener) => listener(true));
    });
    socket.on('disconnect', () => this.connectionListeners.forEach((listener) => listener(false)));
  }

  /** The connection closed for good (sign-out, another user): nothing is sent any more. */
  unbind(): void {
    this.socket = null;
    this.connectionListeners.forEach((listener) => listener(false));
  }

  get connected(): boolean {
    return this.socket?.connected ?? false;
  }

  /** What this workstation says its agent is; sent now if connected, and on every reconnection. */
  declareAvailability(availability: ChosenAvailability): void {
    if (this.declared === availability) return;
    this.declared = availability;
    void this.sendAvailability(availability);
  }

  /** null when this tab is not connected (offline, or another tab holds the connection). */
  async teamBoard(): Promise<BoardResponse | null> {
    const socket = this.socket;
    if (!socket?.connected) return null;
    try {
      return await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('board:get', {});
    } catch {
      return null;
    }
  }

  onPresenceChanged(listener: Listener<PresenceChange>): () => void {
    return subscribe(this.presenceListeners, listener);
  }

  onPoked(listener: Listener<void>): () => void {
    return subscribe(this.pokeListeners, listener);
  }

  onConnectionChanged(listener: Listener<boolean>): () => void {
    return subscribe(this.connectionListeners, listener);
  }

  private async sendAvailability(availability: ChosenAvailability): Promise<void> {
    const socket = this.socket;
    if (!socket?.connected) return;
    // A lost answer is harmless: the next connection says it again.
    await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('presence:set', { availability }).catch(() => undefined);
  }
}

function subscribe<T>(listeners: Set<Listener<T>>, listener: Listener<T>): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
