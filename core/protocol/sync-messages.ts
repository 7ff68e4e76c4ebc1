import type { Call } from '../call/call';
import type { Customer } from '../customer/customer';
import type { Comment } from '../ticket/comment';
import type { Ticket } from '../ticket/ticket';
import type { TicketEvent } from '../ticket/ticket-event';
import type { BoardResponse, PresenceChange, PresenceSetResponse } from './presence';

/** The typed error of every acknowledgement: `code` for programs, `message` for the agent. */
export interface WireError {
  readonly code: SyncErrorCode;
  readonly message: string;
}

export type SyncErrorCode =
  | 'invalid_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'rate_limited'
  | 'client_not_yours'
  | 'mutation_gap'
  | 'resync_required'
  | 'conflict'
  | 'rejected'
  | 'internal_error';

/** A scalar field that another agent's later edit kept: the agent whose edit lost is told. */
export interface FieldConflict {
  readonly field: string;
  readonly yourValue: unknown;
  readonly keptValue: unknown;
  readonly keptAt: string;
}

export type MutationOutcome =
  | {
      readonly id: number;
      readonly status: 'applied';
      /** The change sequence that carries this mutation's effect; confirmation arrives when the pull cursor reaches it. */
      readonly changeSeq: number;
      readonly conflicts?: readonly FieldConflict[];
      /** Set when the server gave a created ticket a different number from the one the client proposed. */
      readonly ticketNumber?: number;
    }
  | {
      readonly id: number;
      readonly status: 'rejected';
      /** The counter still advanced: a rejected mutation is answered once and never blocks the ones behind it. */
      readonly changeSeq: number;
      readonly error: WireError;
    };

export type PushResponse =
  | { readonly ok: true; readonly lastMutationId: number; readonly outcomes: readonly MutationOutcome[] }
  | { readonly ok: false; readonly error: WireError & { readonly expectedMutationId?: number } };

/** Rows as replicated: the domain shape plus the change sequence that last wrote them (per-row version). */
export type SyncedTicket = Ticket & { readonly version: number };
export type SyncedCustomer = Customer & { readonly version: number };

export type Change =
  | { readonly seq: number; readonly entity: 'ticket'; readonly op: 'put'; readonly row: SyncedTicket }
  | { readonly seq: number; readonly entity: 'comment'; readonly op: 'put'; readonly row: Comment }
  | { readonly seq: number; readonly entity: 'call'; readonly op: 'put'; readonly row: Call }
  | { readonly seq: number; readonly entity: 'customer'; readonly op: 'put'; readonly row: SyncedCustomer }
  | { readonly seq: number; readonly entity: 'event'; readonly op: 'put'; readonly row: TicketEvent }
  /** The user may no longer see this ticket: drop it with its comments, calls and history. */
  | { readonly seq: number; readonly entity: 'ticket'; readonly op: 'drop'; readonly id: string };

export type PullResponse =
  | {
      readonly ok: true;
      readonly changes: readonly Change[];
      /** Apply the changes, then store this as the new cursor (it may be past the last change: filtered rows still move it). */
      readonly cursor: number;
      readonly more: boolean;
      /** The highest mutation of this client the server has applied, for confirming the outbox. */
      readonly lastMutationId: number;
      /**
       * With `pendingFrom`: the answers to this client's mutations from there on (at most
       * MAX_PULL_OUTCOMES), read after the rows. Every mutation whose effect the rows may hold is among
       * them when they reach `lastMutationId`, so a page can overtake a push's own answer.
       */
      readonly outcomes?: readonly MutationOutcome[];
    }
  | { readonly ok: false; readonly error: WireError };

/**
 * Everything this user may see committed after `from` up to `cursor`, as a pull would return it: `from` is
 * where the last page sent to this socket ended (nothing for this user was committed in between), or the
 * previous poke's end. A client whose cursor is at least `from` and below `cursor` stores it as that pull.
 */
export interface PokedPage {
  readonly from: number;
  readonly cursor: number;
  readonly changes: readonly Change[];
}

export interface SyncPoke {
  readonly seq: number;
  readonly page?: PokedPage;
}

/**
 * One page of the bootstrap: rows as `put` changes (their `seq` is the snapshot), most relevant first —
 * the user's open tickets, other open tickets, customers, closed tickets, then comments, calls and history.
 */
export interface BootstrapPage {
  /** Pull from here once the last page is stored: every change after it is replayed. */
  readonly snapshotSeq: number;
  readonly rows: ReadonlyArray<Extract<Change, { op: 'put' }>>;
  /** Pass as `after` for the next page; null when complete. */
  readonly next: string | null;
}

export interface NumberLease {
  readonly first: number;
  readonly last: number;
}

export type LeaseResponse = { readonly ok: true; readonly lease: NumberLease } | { readonly ok: false; readonly error: WireError };

/** Socket.IO event names and signatures, shared by server and clients. */
export interface ClientToServerEvents {
  'sync:push': (request: unknown, ack: (response: PushResponse) => void) => void;
  'sync:pull': (request: unknown, ack: (response: PullResponse) => void) => void;
  'numbers:lease': (request: unknown, ack: (response: LeaseResponse) => void) => void;
  /** The sender's availability (available, on a call, away); answered with what the server now shows. */
  'presence:set': (request: unknown, ack: (response: PresenceSetResponse) => void) => void;
  /** Supervisors and admins: the live team board of their teams. */
  'board:get': (request: unknown, ack: (response: BoardResponse) => void) => void;
}

export interface ServerToClientEvents {
  /**
   * Something was committed up to `seq`. When the server could, the poke carries the page of it this user
   * may see: a client whose cursor is within [page.from, page.cursor) stores it as a pull; one further
   * behind, or bootstrapping, pulls as before.
   */
  'sync:poke': (poke: SyncPoke) => void;
  /** The session ended (logout, role change, account disabled); sign in again. */
  'session:ended': (reason: { readonly code: 'logged_out' | 'role_changed' | 'disabled' | 'expired' }) => void;
  /** To supervisors of the person's teams and admins: someone's availability changed (a hint to refresh the board). */
  'presence:changed': (change: PresenceChange) => void;
}
