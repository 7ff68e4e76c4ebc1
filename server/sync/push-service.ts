import type { User } from '../../core/people/user';
import type { MutationOutcome, PushResponse, WireError } from '../../core/protocol/sync-messages';
import { describeIssues } from '../../core/protocol/http-schemas';
import { MUTATION_ARGS, type MutationEnvelope, type PushRequest } from '../../core/protocol/sync-schemas';
import { prepareQuery } from '../storage/prepared-query';
import { runWithOptimisticSavepoints, Savepoint } from '../storage/savepoint';
import type { Logger } from '../logger';
import type { Db } from '../storage/query-builder';
import { PushDeadlines } from '../sla/push-deadlines';
import { logTakenSteps, type TakenStep } from '../escalation/escalation-steps';
import { claimClient } from './client-registry';
import { MUTATORS } from './mutators';
import { latestChangeSeq, writtenRows, type WrittenRows } from './mutators/change-writer';
import type { MutationContext, MutatorResult, WorkspaceRules } from './mutators/mutation-context';

type Trx = MutationContext['trx'];

/** What one push's transaction did: each mutation's answer, and where it stopped if one arrived early. */
interface Applied {
  readonly outcomes: MutationOutcome[];
  readonly gapAt?: { readonly mutationId: number; readonly expected: number };
  /** Escalation steps the push's changes made due and took (deadline-refresh.ts): logged after the commit. */
  readonly steps: readonly TakenStep[];
}

/** A push waiting for the next group commit. */
interface WaitingPush {
  readonly user: User;
  readonly request: PushRequest;
  readonly resolve: (applied: Applied) => void;
  readonly reject: (error: unknown) => void;
}

// Run for every push or every mutation: prepared once (server/storage/prepared-query.ts).
const PUSH_SAVEPOINT = new Savepoint('push');
const MUTATION_SAVEPOINT = new Savepoint('mutation');
const clientCounter = prepareQuery((db, p: { clientId: string }) => db.selectFrom('sync_clients').select('last_mutation_id').where('client_id', '=', p.clientId));
const moveCounter = prepareQuery((db, p: { clientId: string; last: number; at: string }) =>
  db.updateTable('sync_clients').set({ last_mutation_id: p.last, last_seen_at: p.at }).where('client_id', '=', p.clientId),
);
const storeOutcome = prepareQuery((db, p: { clientId: string; mutationId: number; outcome: string; at: string }) =>
  db.insertInto('mutation_outcomes').values({ client_id: p.clientId, mutation_id: p.mutationId, outcome: p.outcome, at: p.at }),
);
const storedAnswer = prepareQuery((db, p: { clientId: string; mutationId: number }) =>
  db.selectFrom('mutation_outcomes').select('outcome').where('client_id', '=', p.clientId).where('mutation_id', '=', p.mutationId),
);

/** Pushes committed together at most; each is at most 100 mutations. */
const GROUP_LIMIT = 16;

/**
 * Applies pushed mutations exactly once, in the client's order. Each mutation is a savepoint holding its
 * effects, its change-log rows, its audit rows and its stored answer; the client's counter moves with them.
 * Pushes that arrive while one commits wait and are committed together in the next transaction, each in a
 * savepoint of its own (group commit): one disk flush for all of them. The acknowledgements are sent after
 * the commit (synchronous=FULL), so an acknowledged mutation is on disk, and a crash before it loses only
 * unacknowledged ones, which the clients send again. A flush per mutation was half the push path's time;
 * under a thousand clients each sending a note, a flush per push blocked the server for 13 % of the time.
 * The savepoints are left out until a part fails, and the group then runs again with them
 * (runWithOptimisticSavepoints): copying each page a mutation wrote was two thirds of SQLite's time.
 */
export class PushService {
  private readonly waiting: WaitingPush[] = [];
  private committing = false;

  constructor(
    private readonly db: Db,
    private readonly rules: WorkspaceRules,
    private readonly logger: Logger,
    private readonly onCommitted: (highestSeq: number, written?: WrittenRows) => void = () => {},
    private readonly now: () => Date = () => new Date(),
  ) {}

  async push(user: User, request: PushRequest): Promise<PushResponse> {
    if (!(await claimClient(this.db, request.clientId, user.id, this.now()))) {
      return { ok: false, error: { code: 'client_not_yours', message: 'This sync client belongs to another user; sign in again to get a new one.' } };
    }
    const applied = await new Promise<Applied>((resolve, reject) => {
      this.waiting.push({ user, request, resolve, reject });
      void this.commitWaiting();
    });
    if (applied.gapAt) {
      const { mutationId, expected } = applied.gapAt;
      return {
        ok: false,
        error: { code: 'mutation_gap', message: `Mutation ${mutationId} arrived before ${expected}; resend from ${expected}.`, expectedMutationId: expected },
      };
    }
    return { ok: true, lastMutationId: applied.outcomes.at(-1)?.id ?? 0, outcomes: applied.outcomes };
  }

  /** Commits the waiting pushes, a group at a time, until none wait. */
  private async commitWaiting(): Promise<void> {
    if (this.committing) return;
    this.committing = true;
    try {
      // One turn of the event loop first, and between groups: a transaction runs without yielding (its
      // statements are synchronous), so pushes that arrived meanwhile are still unread on their sockets.
      // Read now, they join this group and share its disk flush instead of each waiting for its own.
      await new Promise((resolve) => setImmediate(resolve));
      while (this.waiting.length > 0) {
        await this.commitGroup(this.waiting.splice(0, GROUP_LIMIT)).catch((error: unknown) => {
          this.logger.error({ error: error instanceof Error ? error.name : 'unknown' }, 'announcing a commit failed');
        });
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.committing = false;
    }
  }

  private async commitGroup(group: readonly WaitingPush[]): Promise<void> {
    let results: Array<{ applied: Applied } | { error: unknown }>;
    // The log's end as the group leaves it: past every answer's sequence when a push's last deadline
    // refreshes (push-deadlines.ts) wrote changes after its answers.
    let logEnd: number;
    // What the group wrote to the change log, when the transaction kept it (change-writer.ts).
    let written: WrittenRows | undefined;
    try {
      ({ results, logEnd, written } = await runWithOptimisticSavepoints(this.db, async (trx) => {
        const each: Array<{ applied: Applied } | { error: unknown }> = [];
        for (const push of group) each.push(await this.applyInSavepoint(trx, push));
        return { results: each, logEnd: await latestChangeSeq(trx), written: writtenRows(trx) };
      }));
    } catch (error) {
      // The commit, or a fault that ended the transaction: nothing of the group is acknowledged.
      for (const push of group) push.reject(error);
      return;
    }
    logTakenSteps(this.logger, results.flatMap((result) => ('applied' in result ? result.applied.steps : [])));
    const highestSeq = results.some((r) => 'applied' in r && r.applied.outcomes.length > 0) ? logEnd : 0;
    try {
      if (highestSeq > 0) this.onCommitted(highestSeq, written);
    } finally {
      // Committed: every push of the group is answered, whatever the announcement did.
      results.forEach((result, i) => ('applied' in result ? group[i]!.resolve(result.applied) : group[i]!.reject(result.error)));
    }
  }

  /** One push of a group: if it fails outright, it alone is rolled back and answered with the failure. */
  private async applyInSavepoint(trx: Trx, push: WaitingPush): Promise<{ applied: Applied } | { error: unknown }> {
    const result = await PUSH_SAVEPOINT.run(trx, () => this.applyAll(trx, push.user, push.request));
    return result.ok ? { applied: result.value } : { error: result.error };
  }

  private async applyAll(trx: Trx, user: User, request: PushRequest): Promise<Applied> {
    const { clientId } = request;
    const client = await clientCounter.executeTakeFirst(trx, { clientId });
    if (!client) throw new Error('the sync client was not claimed before its push');
    let last = client.last_mutation_id;
    const outcomes: MutationOutcome[] = [];
    let gapAt: Applied['gapAt'];
    const deadlines = new PushDeadlines(request.mutations, this.logger);
    // The change log's end as the last applied mutation left it (its answer's sequence number): where the
    // next one starts. Nothing between two mutations writes to the log, so it is read once per push.
    let logEnd: number | undefined;
    for (const [index, mutation] of request.mutations.entries()) {
      if (mutation.id <= last) {
        outcomes.push(await this.storedOutcome(trx, clientId, mutation.id));
        continue;
      }
      if (mutation.id !== last + 1) {
        gapAt = { mutationId: mutation.id, expected: last + 1 };
        break;
      }
      const outcome = await this.applyOne(trx, user, clientId, mutation, deadlines, index, logEnd ?? (await latestChangeSeq(trx)));
      outcomes.push(outcome);
      logEnd = outcome.changeSeq;
      last = mutation.id;
    }
    await deadlines.afterPush({ trx, user, clientId, now: this.now() });
    if (last !== client.last_mutation_id) {
      await moveCounter.execute(trx, { clientId, last, at: this.now().toISOString() });
    }
    return gapAt ? { outcomes, gapAt, steps: deadlines.steps } : { outcomes, steps: deadlines.steps };
  }

  /** One mutation in its savepoint; `seqBefore` is the change log's end before it. */
  private async applyOne(
    trx: Trx,
    user: User,
    clientId: string,
    mutation: MutationEnvelope,
    deadlines: PushDeadlines,
    index: number,
    seqBefore: number,
  ): Promise<MutationOutcome> {
    const applied = await MUTATION_SAVEPOINT.run(trx, async () => {
      const ctx: MutationContext = { trx, user, clientId, now: this.now(), rules: this.rules, deadlines: deadlines.forMutation(index), logger: this.logger };
      const result = await this.runMutator(ctx, mutation);
      // Whatever the mutator touched, the stored SLA deadlines follow in the same savepoint, or in a later
      // mutation's of this push that names the same ticket (push-deadlines.ts).
      await deadlines.afterMutation(ctx, seqBefore, index);
      const changeSeq = await latestChangeSeq(trx);
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
      return outcome;
    });
    if (applied.ok) {
      deadlines.kept();
      return applied.value;
    }
    // A mutation that crashes its mutator must not wedge the client: its effects are rolled back to the
    // savepoint; its answer is the failure, and the counter moves past it. (A fault that ended the whole
    // transaction was thrown by the savepoint: nothing of the push is acknowledged, the client resends.)
    deadlines.rolledBack();
    const { error } = applied;
    this.logger.error({ clientId, mutationId: mutation.id, name: mutation.name, error: error instanceof Error ? error.message : 'unknown' }, 'mutation failed');
    const outcome: MutationOutcome = {
      id: mutation.id,
      status: 'rejected',
      changeSeq: await latestChangeSeq(trx),
      error: { code: 'internal_error', message: 'The server could not apply this change; it was not saved. Your text is kept in the conflict list.' },
    };
    await this.record(trx, clientId, outcome);
    return outcome;
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

  private async record(trx: Trx, clientId: string, outcome: MutationOutcome): Promise<void> {
    await storeOutcome.execute(trx, { clientId, mutationId: outcome.id, outcome: JSON.stringify(outcome), at: this.now().toISOString() });
  }

  private async storedOutcome(trx: Trx, clientId: string, mutationId: number): Promise<MutationOutcome> {
    const row = await storedAnswer.executeTakeFirst(trx, { clientId, mutationId });
    if (row) return JSON.parse(row.outcome) as MutationOutcome;
    // Outcomes are kept for the change-log retention window; older duplicates are known applied.
    return { id: mutationId, status: 'applied', changeSeq: 0 };
  }
}
