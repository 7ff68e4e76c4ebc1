import type { Transaction } from 'kysely';
import type { CountryCode } from 'libphonenumber-js/min';
import type { User } from '../../../core/people/user';
import type { FieldConflict, WireError } from '../../../core/protocol/sync-messages';
import type { Category } from '../../../core/ticket/category';
import type { PriorityMatrix } from '../../../core/ticket/priority';
import type { LifecyclePolicy } from '../../../core/ticket/status';
import type { StorageSchema } from '../../storage/schema';
import type { TakenStep } from '../../escalation/escalation-steps';
import type { Logger } from '../../logger';

/** Workspace rules the mutators apply. Defaults now; editable by admins in a later issue. */
export interface WorkspaceRules {
  readonly categories: readonly Category[];
  readonly priorityMatrix: PriorityMatrix;
  readonly lifecycle: LifecyclePolicy;
  /** Numbers typed without a country code are read in this country. */
  readonly defaultCountry: CountryCode;
}

/**
 * The push's deadline refreshes as one mutation sees them (server/sla/push-deadlines.ts): a mutator that
 * files a ticket computes its deadlines itself, before its single write, when they are final.
 */
export interface MutationDeadlines {
  /** No later mutation of this push names the ticket: what this one leaves is what commits. */
  finalHere(ticketId: string): boolean;
  /** The mutator stored the ticket's deadlines and took these steps: the push does not refresh it again. */
  refreshed(ticketId: string, steps: readonly TakenStep[]): void;
}

export interface MutationContext {
  readonly trx: Transaction<StorageSchema>;
  readonly user: User;
  readonly clientId: string;
  readonly now: Date;
  readonly rules: WorkspaceRules;
  readonly deadlines: MutationDeadlines;
  /** For what a mutation cannot do and must not refuse for (an escalation step that cannot be recorded). */
  readonly logger: Logger;
}

export type MutatorResult =
  | { readonly ok: true; readonly conflicts?: readonly FieldConflict[]; readonly ticketNumber?: number }
  | { readonly ok: false; readonly error: WireError };

export type Mutator<A> = (ctx: MutationContext, args: A) => Promise<MutatorResult>;

export const rejected = (code: WireError['code'], message: string): MutatorResult => ({ ok: false, error: { code, message } });
