import { z } from 'zod';
import type { Availability, Role } from '../people/user';
import type { WireError } from './sync-messages';

/**
 * What an agent can say about themselves. "Offline" is not chosen: it is what the server says of
 * someone with no open connection. "On a call" is set by the workstation while a call is in progress.
 */
export const CHOSEN_AVAILABILITIES = ['available', 'on_call', 'away'] as const;
export type ChosenAvailability = (typeof CHOSEN_AVAILABILITIES)[number];

export const PresenceSetRequest = z.strictObject({ availability: z.enum(CHOSEN_AVAILABILITIES) });
export type PresenceSetRequest = z.infer<typeof PresenceSetRequest>;

/** `board:get` takes no arguments; anything else is refused. */
export const BoardRequest = z.strictObject({});

/** Pushed to the supervisors of the person's teams (and admins) when their availability changes. */
export interface PresenceChange {
  readonly userId: string;
  readonly availability: Availability;
  readonly at: string;
}

/** One agent on the supervisor's live team board. */
export interface BoardAgent {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly teamIds: readonly string[];
  readonly availability: Availability;
  readonly capacity: number;
  /** Open tickets assigned to them, in every team: the load routing weighs against capacity. */
  readonly openTickets: number;
  /** Of those, how many have reached their at-risk mark (breached ones included). */
  readonly atRisk: number;
  /** Their oldest open ticket the supervisor may see; null when they have none. */
  readonly oldestOpen: { readonly ticketId: string; readonly number: number | null; readonly createdAt: string } | null;
}

export type BoardResponse = { readonly ok: true; readonly at: string; readonly agents: readonly BoardAgent[] } | { readonly ok: false; readonly error: WireError };
export type PresenceSetResponse = { readonly ok: true; readonly availability: Availability } | { readonly ok: false; readonly error: WireError };
