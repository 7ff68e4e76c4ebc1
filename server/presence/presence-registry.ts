import type { ChosenAvailability } from '../../core/protocol/presence';
import type { Availability } from '../../core/people/user';
import type { Db } from '../storage/query-builder';

interface Presence {
  readonly sockets: Set<string>;
  chosen: ChosenAvailability;
}

/**
 * Who is reachable right now. Availability is what a person chose while at least one of their
 * connections is open, and offline once the last one closes. The effective value is written to
 * `users.availability`, which routing reads, so nobody offline or away is handed new tickets. Kept in
 * memory: after a restart nobody is connected, and each workstation says again what its agent chose.
 */
export class PresenceRegistry {
  private readonly people = new Map<string, Presence>();

  constructor(
    private readonly db: Db,
    private readonly onChanged: (userId: string, availability: Availability) => void,
  ) {}

  /** At start no connection is open, whatever the database says from before a crash. */
  async reset(): Promise<void> {
    this.people.clear();
    await this.db.updateTable('users').set({ availability: 'offline' }).where('availability', '!=', 'offline').execute();
  }

  async connected(userId: string, socketId: string): Promise<void> {
    const presence = this.people.get(userId) ?? { sockets: new Set<string>(), chosen: 'available' };
    const wasOffline = presence.sockets.size === 0;
    presence.sockets.add(socketId);
    this.people.set(userId, presence);
    if (wasOffline) await this.store(userId, presence.chosen);
  }

  async disconnected(userId: string, socketId: string): Promise<void> {
    const presence = this.people.get(userId);
    if (!presence?.sockets.delete(socketId) || presence.sockets.size > 0) return;
    await this.store(userId, 'offline');
  }

  /** What the person chose; shown at once if they are connected, and kept for their next connection. */
  async choose(userId: string, availability: ChosenAvailability): Promise<Availability> {
    const presence = this.people.get(userId);
    if (!presence || presence.sockets.size === 0) return 'offline';
    if (presence.chosen === availability) return availability;
    presence.chosen = availability;
    await this.store(userId, availability);
    return availability;
  }

  availabilityOf(userId: string): Availability {
    const presence = this.people.get(userId);
    return presence && presence.sockets.size > 0 ? presence.chosen : 'offline';
  }

  private async store(userId: string, availability: Availability): Promise<void> {
    await this.db.updateTable('users').set({ availability }).where('id', '=', userId).execute();
    this.onChanged(userId, availability);
  }
}
