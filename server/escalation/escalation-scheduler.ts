import type { Logger } from '../logger';
import type { Db } from '../storage/query-builder';
import { runWithOptimisticSavepoints, Savepoint } from '../storage/savepoint';
import { refreshDeadlines } from '../sla/deadline-refresh';
import { latestChangeSeq } from '../sync/mutators/change-writer';
import { logTakenSteps, type TakenStep } from './escalation-steps';

/** How many due tickets one pass handles; the rest follow in the next pass, started at once. */
const PASS_LIMIT = 500;

// Run for every due ticket: prepared once (server/storage/savepoint.ts).
const TICKET_SAVEPOINT = new Savepoint('escalation_ticket');
/**
 * Due tickets checked and their steps recorded per transaction: one disk flush for many tickets (one per
 * step and per ticket was half the server's time when every new high-priority ticket is due at once),
 * short enough that pushes waiting for the connection are not held up for long.
 */
const TICKETS_PER_TRANSACTION = 50;

/**
 * Applies the escalation rules to the open tickets whose next check has come (stored on each ticket, see
 * deadline-refresh): on start (catching up on downtime), every interval, and shortly after any commit.
 * A change that makes a step due at once (a critical ticket filed) takes it in that change's own
 * transaction (deadline-refresh.ts); the scheduler takes the steps that fall due as time passes. Each ticket's clocks are recomputed inside the
 * scheduler's transaction (refreshDeadlines), and each due step is claimed in `escalation_steps` with its
 * ticket event, level change, change-log row and audit row: it fires exactly once, across restarts and
 * overlapping runs.
 */
export class EscalationScheduler {
  private timer: NodeJS.Timeout | undefined;
  private soon: NodeJS.Timeout | undefined;
  private running: Promise<number> | null = null;
  private started = false;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly onCommitted: (seq: number) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  start(intervalMs = 15_000): void {
    this.started = true;
    this.requestTick(0);
    this.timer = setInterval(() => this.requestTick(0), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    this.started = false;
    clearInterval(this.timer);
    clearTimeout(this.soon);
  }

  /** Runs a tick soon (once started); many requests in a burst become one run. */
  requestTick(delayMs = 100): void {
    if (!this.started || this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      this.tick().catch((error: unknown) => this.logger.error({ error: error instanceof Error ? error.message : 'unknown' }, 'escalation tick failed'));
    }, delayMs);
    this.soon.unref();
  }

  /** One pass over the open tickets; returns how many steps it recorded. Runs one at a time. */
  async tick(at: Date = this.now()): Promise<number> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.pass(at);
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  private async pass(at: Date): Promise<number> {
    // Only the tickets whose next check has come (kept on each ticket with every change): a pass costs
    // the due tickets, not every open one.
    const tickets = await this.db
      .selectFrom('tickets')
      .select('id')
      .where('next_escalation_at', '<=', at.toISOString())
      .where('status', 'not in', ['resolved', 'closed'])
      .orderBy('next_escalation_at')
      .limit(PASS_LIMIT)
      .execute();
    if (tickets.length === 0) return 0;
    let recorded = 0;
    for (let i = 0; i < tickets.length; i += TICKETS_PER_TRANSACTION) {
      const chunk = tickets.slice(i, i + TICKETS_PER_TRANSACTION);
      // Savepoints only once a ticket fails (runWithOptimisticSavepoints), so the body may run twice.
      const { taken, seq } = await runWithOptimisticSavepoints(this.db, async (trx) => {
        const ctx = { trx, now: at, user: null, clientId: null };
        const seqBefore = await latestChangeSeq(trx);
        const steps: TakenStep[] = [];
        for (const ticket of chunk) {
          // A ticket that cannot be checked (a bug, bad stored data) is skipped, not its whole batch.
          const checked = await TICKET_SAVEPOINT.run(trx, () => refreshDeadlines(ctx, [ticket.id], { alreadyRecorded: new Set(), logger: this.logger }));
          if (checked.ok) steps.push(...checked.value);
          else this.logger.error({ ticketId: ticket.id, error: checked.error instanceof Error ? checked.error.message : 'unknown' }, 'escalation check failed');
        }
        // Steps, and deadlines that moved: whatever this transaction logged is poked once it commits.
        const seqAfter = await latestChangeSeq(trx);
        return { taken: steps, seq: seqAfter > seqBefore ? seqAfter : 0 };
      });
      logTakenSteps(this.logger, taken);
      recorded += taken.length;
      if (seq > 0) this.onCommitted(seq);
    }
    // More due than one pass takes (a long downtime): go on at once rather than at the next interval.
    if (tickets.length === PASS_LIMIT) this.requestTick(0);
    return recorded;
  }
}
