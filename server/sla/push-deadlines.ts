import type { MutationEnvelope } from '../../core/protocol/sync-schemas';
import type { Logger } from '../logger';
import { Savepoint } from '../storage/savepoint';
import type { WriteContext } from '../sync/mutators/change-writer';
import type { MutationDeadlines } from '../sync/mutators/mutation-context';
import type { TakenStep } from '../escalation/escalation-steps';
import { refreshDeadlines, ticketsTouchedSince } from './deadline-refresh';
import { writeTicketColumns } from '../sync/mutators/ticket-change';

const DEADLINE_SAVEPOINT = new Savepoint('deadline');

/** The tickets a mutation's arguments name: the ones it may touch. */
function namedTickets(args: unknown): string[] {
  if (typeof args !== 'object' || args === null) return [];
  const { id, ticketId } = args as { id?: unknown; ticketId?: unknown };
  return [id, ticketId].filter((value): value is string => typeof value === 'string');
}

/**
 * The SLA deadline refreshes of one push. A ticket that a later mutation of the same push names is
 * refreshed there instead of after each: nothing reads the deadlines in between (the push commits as
 * one), and an agent's two triage keys on one row were two full clock computations, a quarter of the
 * server's time in a drain. A refresh owed by a mutation whose savepoint is rolled back stays owed; what
 * is still owed when the push ends (its last naming mutation did not touch it, was a duplicate, past a
 * gap, or rolled back) is refreshed then, each ticket on its own, so one ticket whose clocks cannot be
 * computed fails at most the mutations that touch it, and nobody's push.
 */
export class PushDeadlines {
  private readonly lastNamedAt = new Map<string, number>();
  private owed = new Set<string>();
  /** Tickets with a ticket change that this push has kept: a moved deadline needs no change of its own. */
  private readonly recorded = new Set<string>();
  /** Escalation steps the refreshes took, for the push to log once it has committed. */
  readonly steps: TakenStep[] = [];
  private staged: { owedBefore: Set<string>; recorded: string[]; steps: TakenStep[] } | null = null;
  /** Tickets the current mutation's mutator refreshed itself, with the steps it took. */
  private refreshedByMutator = new Map<string, readonly TakenStep[]>();

  constructor(
    mutations: readonly MutationEnvelope[],
    private readonly logger: Logger,
  ) {
    mutations.forEach((mutation, index) => {
      for (const id of namedTickets(mutation.args)) this.lastNamedAt.set(id, index);
    });
  }

  /** What mutation `index`'s mutator sees, before it runs. */
  forMutation(index: number): MutationDeadlines {
    const refreshed = new Map<string, readonly TakenStep[]>();
    this.refreshedByMutator = refreshed;
    return {
      finalHere: (ticketId) => (this.lastNamedAt.get(ticketId) ?? -1) <= index,
      refreshed: (ticketId, steps) => void refreshed.set(ticketId, steps),
    };
  }

  /** Inside mutation `index`'s savepoint, after its mutator: refreshes what is due now. */
  async afterMutation(ctx: WriteContext, seqBefore: number, index: number): Promise<void> {
    const { touched, recorded } = await ticketsTouchedSince(ctx, seqBefore);
    const staged = { owedBefore: new Set(this.owed), recorded: [...recorded], steps: [] as TakenStep[] };
    this.staged = staged;
    for (const [id, steps] of this.refreshedByMutator) {
      staged.steps.push(...steps);
      touched.delete(id);
      this.owed.delete(id);
    }
    this.refreshedByMutator = new Map();
    // A mutation refreshes only tickets it touched itself, as before this plan: an owed ticket it does not
    // touch (a note on it, or a refresh rolled back because its clocks failed) waits for the end of the
    // push, or a mutation that never computed clocks would fail on that ticket's.
    const due: string[] = [];
    for (const id of touched) {
      if ((this.lastNamedAt.get(id) ?? -1) > index) this.owed.add(id);
      else {
        due.push(id);
        this.owed.delete(id);
      }
    }
    // A filed ticket refreshed by its own mutator leaves nothing due: no set of the push's tickets to build.
    if (due.length > 0) staged.steps.push(...(await refreshDeadlines(ctx, due, { alreadyRecorded: new Set([...this.recorded, ...recorded]), logger: this.logger })));
  }

  /** The mutation's savepoint was released: what it did stands. */
  kept(): void {
    for (const id of this.staged?.recorded ?? []) this.recorded.add(id);
    this.steps.push(...(this.staged?.steps ?? []));
    this.staged = null;
  }

  /** The mutation's savepoint was rolled back, its refreshes with it: they are owed again. */
  rolledBack(): void {
    if (this.staged) this.owed = new Set([...this.staged.owedBefore, ...this.owed]);
    this.staged = null;
  }

  /** At the end of the push, inside its savepoint. The push's own savepoint may still roll all of it back. */
  async afterPush(ctx: WriteContext): Promise<void> {
    for (const id of this.owed) {
      const refreshed = await DEADLINE_SAVEPOINT.run(ctx.trx, () => refreshDeadlines(ctx, [id], { alreadyRecorded: this.recorded, logger: this.logger }));
      if (refreshed.ok) {
        this.steps.push(...refreshed.value);
        continue;
      }
      this.logger.error({ ticketId: id, error: refreshed.error instanceof Error ? refreshed.error.message : 'unknown' }, 'SLA deadlines not refreshed');
      // Left due, so the escalation scheduler tries again: a ticket filed on this path has no next check yet,
      // and would otherwise wait for the next start's backfill to be escalated at all.
      await writeTicketColumns(ctx, id, { next_escalation_at: ctx.now.toISOString() }).catch((error: unknown) =>
        this.logger.error({ ticketId: id, error: error instanceof Error ? error.message : 'unknown' }, 'SLA deadlines not left due'),
      );
    }
    this.owed.clear();
  }
}
