import type { User } from '../../core/people/user';
import type { MutationOutcome, PushResponse, WireError } from '../../core/protocol/sync-messages';
import { describeIssues } from '../../core/protocol/http-schemas';
import { MUTATION_ARGS, type MutationEnvelope, type PushRequest } from '../../core/protocol/sync-schemas';
import type { Logger } from '../logger';
import type { Db } from '../storage/query-builder';
import { refreshTouchedDeadlines } from '../sla/deadline-refresh';
import { claimClient } from './client-registry';
import { MUTATORS } from './mutators';
import type { MutationContext, MutatorResult, WorkspaceRules } from './mutators/mutation-context';

type Applied = { readonly kind: 'outcome'; readonly outcome: MutationOutcome } | { readonly kind: 'gap'; readonly expected: number };

/**
 * Applies pushed mutations exactly once, in the client's order. Each mutation is one SQLite transaction
 * holding its effects, its change-log rows, its audit rows, the client's counter and the stored answer:
 * either all of it is on disk (synchronous=FULL) before the acknowledgement, or none of it.
 */
export class PushService {
  constructor(
    private readonly db: Db,
    private readonly rules: WorkspaceRules,
    private readonly logger: Logger,
    private readonly onCommitted: (highestSeq: number) => void = () => {},
    private readonly now: () => Date = () => new Date(),
  ) {}

  async push(user: User, request: PushRequest): Promise<PushResponse> {
    if (!(await claimClient(this.db, request.clientId, user.id, this.now()))) {
      return { ok: false, error: { code: 'client_not_yours', message: 'This sync client belongs to another user; sign in again to get a new one.' } };
    }
    const outcomes: MutationOutcome[] = [];
    let highestSeq = 0;
    for (const mutation of request.mutations) {
      const applied = await this.applyOne(user, request.clientId, mutation);
      if (applied.kind === 'gap') {
        if (highestSeq > 0) this.onCommitted(highestSeq);
        return {
          ok: false,
          error: {
            code: 'mutation_gap',
            message: `Mutation ${mutation.id} arrived before ${applied.expected}; resend from ${applied.expected}.`,
            expectedMutationId: applied.expected,
          },
        };
      }
      outcomes.push(applied.outcome);
      highestSeq = Math.max(highestSeq, applied.outcome.changeSeq);
    }
    if (highestSeq > 0) this.onCommitted(highestSeq);
    return { ok: true, lastMutationId: outcomes.at(-1)?.id ?? 0, outcomes };
  }

  private async applyOne(user: User, clientId: string, mutation: MutationEnvelope): Promise<Applied> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const client = await trx.selectFrom('sync_clients').select('last_mutation_id').where('client_id', '=', clientId).executeTakeFirstOrThrow();
        if (mutation.id <= client.last_mutation_id) return { kind: 'outcome', outcome: await this.storedOutcome(trx, clientId, mutation.id) } as const;
        if (mutation.id !== client.last_mutation_id + 1) return { kind: 'gap', expected: client.last_mutation_id + 1 } as const;

        const ctx: MutationContext = { trx, user, clientId, now: this.now(), rules: this.rules };
        const seqBefore = await this.highestSeq(trx);
        const result = await this.runMutator(ctx, mutation);
        // Whatever the mutator touched, the stored SLA deadlines follow in the same transaction.
        await refreshTouchedDeadlines(ctx, seqBefore);
        const changeSeq = await this.highestSeq(trx);
        const outcome: MutationOutcome = result.ok
          ? {
              id: mutation.id,
              status: 'applied',
              changeSeq,
              ...(result.conflicts ? { conflicts: result.conflicts } : {}),
              ...(result.ticketNumber !== undefined ? { ticketNumber: result.ticketNumber } : {}),
            }
          : { id: mutation.id, status: 'rejected', changeSeq, error: result.error };
        await this.record(trx, clientId, outcome);
        return { kind: 'outcome', outcome } as const;
      });
    } catch (error) {
      // A mutation that crashes its mutator must not wedge the client: its effects were rolled back
      // above; now advance the counter alone and answer with the failure.
      this.logger.error({ clientId, mutationId: mutation.id, name: mutation.name, error: error instanceof Error ? error.message : 'unknown' }, 'mutation failed');
      return this.db.transaction().execute(async (trx) => {
        const client = await trx.selectFrom('sync_clients').select('last_mutation_id').where('client_id', '=', clientId).executeTakeFirstOrThrow();
        if (mutation.id <= client.last_mutation_id) return { kind: 'outcome', outcome: await this.storedOutcome(trx, clientId, mutation.id) } as const;
        const outcome: MutationOutcome = {
          id: mutation.id,
          status: 'rejected',
          changeSeq: await this.highestSeq(trx),
          error: { code: 'internal_error', message: 'The server could not apply this change; it was not saved. Your text is kept in the conflict list.' },
        };
        await this.record(trx, clientId, outcome);
        return { kind: 'outcome', outcome } as const;
      });
    }
  }

  private async highestSeq(trx: MutationContext['trx']): Promise<number> {
    const seq = await trx.selectFrom('changes').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
    return Number(seq?.seq ?? 0);
  }

  private async runMutator(ctx: MutationContext, mutation: MutationEnvelope): Promise<MutatorResult> {
    const schema = MUTATION_ARGS[mutation.name];
    const parsed = schema.safeParse(mutation.args);
    if (!parsed.success) {
      const error: WireError = { code: 'invalid_request', message: `${mutation.name}: ${describeIssues(parsed.error)}` };
      return { ok: false, error };
    }
    const mutator = MUTATORS[mutation.name] as (ctx: MutationContext, args: unknown) => Promise<MutatorResult>;
    return mutator(ctx, parsed.data);
  }

  private async record(trx: MutationContext['trx'], clientId: string, outcome: MutationOutcome): Promise<void> {
    const at = this.now().toISOString();
    await trx.updateTable('sync_clients').set({ last_mutation_id: outcome.id, last_seen_at: at }).where('client_id', '=', clientId).execute();
    await trx.insertInto('mutation_outcomes').values({ client_id: clientId, mutation_id: outcome.id, outcome: JSON.stringify(outcome), at }).execute();
  }

  private async storedOutcome(trx: MutationContext['trx'], clientId: string, mutationId: number): Promise<MutationOutcome> {
    const row = await trx.selectFrom('mutation_outcomes').select('outcome').where('client_id', '=', clientId).where('mutation_id', '=', mutationId).executeTakeFirst();
    if (row) return JSON.parse(row.outcome) as MutationOutcome;
    // Outcomes are kept for the change-log retention window; older duplicates are known applied.
    return { id: mutationId, status: 'applied', changeSeq: 0 };
  }
}
