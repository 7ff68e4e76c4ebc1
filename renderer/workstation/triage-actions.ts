import { acknowledgement, deescalation, reassignment } from '../../core/escalation/escalation-response';
import { manualEscalation } from '../../core/escalation/escalation-rules';
import { newId } from '../../core/ids';
import type { User } from '../../core/people/user';
import { assessmentFor, DEFAULT_PRIORITY_MATRIX, type Priority } from '../../core/ticket/priority';
import { transitionStatus } from '../../core/ticket/status';
import { HybridLogicalClock } from '../../core/sync/hlc';
import type { SyncEngine } from '../sync/sync-engine';
import { OVERLAY_HOLD_MS, rowOverlay } from './row-overlay';

export type ActionResult = { ok: true } | { ok: false; message: string };

/**
 * What an agent does to a ticket from the keyboard. Each is one engine mutation: applied to the
 * mirror and queued in the outbox in one transaction, so the row changes at once, online or offline.
 * Refusals come back as a sentence for the notice bar; nothing is queued for them.
 */
export class TriageActions {
  private readonly clock: HybridLogicalClock;

  /** The last action still being recorded: the next one starts after it (see inTurn). */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly engine: SyncEngine,
    private readonly user: User,
    clientId: string,
    private readonly onChanged: () => void = () => {},
  ) {
    this.clock = new HybridLogicalClock(clientId);
  }

  setPriority(ticketId: string, priority: Priority): Promise<ActionResult> {
    return this.shown(ticketId, { priority }, async () => {
      const ticket = await this.engine.db.tickets.get(ticketId);
      if (!ticket) return gone();
      if (ticket.priority === priority) return { ok: true };
      const assessment = assessmentFor(priority, ticket, DEFAULT_PRIORITY_MATRIX);
      if (!assessment) return { ok: false, message: `No impact and urgency give priority ${priority}.` };
      return this.update(ticketId, assessment);
    });
  }

  assignToMe(ticketId: string): Promise<ActionResult> {
    return this.shown(ticketId, { assigneeId: this.user.id }, () => this.update(ticketId, { assigneeId: this.user.id }));
  }

  /** A supervisor reassigning an escalated ticket answers the escalation: the agent who escalated hears of it. */
  assignTo(ticketId: string, userId: string | null, note = ''): Promise<ActionResult> {
    return this.shown(ticketId, { assigneeId: userId }, async () => {
      const ticket = await this.engine.db.tickets.get(ticketId);
      if (!ticket) return gone();
      if (!reassignment(this.user.role, ticket).ok) return this.update(ticketId, { assigneeId: userId });
      return this.result(this.engine.mutate('escalation.reassign', { id: ticketId, eventId: newId(), assigneeId: userId, note, hlc: this.clock.now() }));
    });
  }

  /** Checked here first with the server's rules, so "already acknowledged" or "not escalated" is said at once. */
  acknowledge(ticketId: string, note = ''): Promise<ActionResult> {
    return this.inTurn(async () => {
      const ticket = await this.engine.db.tickets.get(ticketId);
      if (!ticket) return gone();
      const check = acknowledgement(this.user.role, ticket);
      if (!check.ok) return { ok: false, message: check.error.reason };
      return this.result(this.engine.mutate('escalation.acknowledge', { id: ticketId, eventId: newId(), note }));
    });
  }

  deescalate(ticketId: string, note: string): Promise<ActionResult> {
    return this.inTurn(async () => {
      const ticket = await this.engine.db.tickets.get(ticketId);
      if (!ticket) return gone();
      const check = deescalation(this.user.role, ticket, note);
      if (!check.ok) return { ok: false, message: check.error.reason };
      return this.result(this.engine.mutate('escalation.deescalate', { id: ticketId, eventId: newId(), note: check.value.note }));
    });
  }

  setCategory(ticketId: string, categoryId: string): Promise<ActionResult> {
    return this.shown(ticketId, { categoryId }, () => this.update(ticketId, { categoryId }));
  }

  /** Moving a ticket to a team the agent is not in takes it out of their view once the server confirms. */
  moveToTeam(ticketId: string, teamId: string): Promise<ActionResult> {
    return this.shown(ticketId, { teamId }, () => this.update(ticketId, { teamId }));
  }

  setStatus(ticketId: string, to: 'pending_customer' | 'on_hold' | 'open' | 'resolved' | 'closed', resolutionSummary?: string): Promise<ActionResult> {
    return this.shown(ticketId, { status: to }, async () => {
      const ticket = await this.engine.db.tickets.get(ticketId);
      if (!ticket) return gone();
      // Checked here with the same rules the server applies, so the agent hears "no" at once, even offline.
      const check = transitionStatus(ticket, { to, resolutionSummary }, new Date());
      if (!check.ok) return { ok: false, message: check.error.reason };
      return this.result(this.engine.mutate('ticket.setStatus', { id: ticketId, to, ...(resolutionSummary !== undefined ? { resolutionSummary } : {}) }));
    });
  }

  /**
   * Shows the change on the row before anything is awaited (the same frame as the key press), then
   * records it; a refusal takes the shown value back at once.
   */
  private async shown(ticketId: string, patch: Parameters<ReturnType<typeof rowOverlay>['applied']>[1], run: () => Promise<ActionResult>): Promise<ActionResult> {
    const generation = rowOverlay().applied(ticketId, patch);
    const result = await this.inTurn(run).catch((error: unknown): ActionResult => ({ ok: false, message: error instanceof Error ? error.message : 'The change could not be saved.' }));
    if (!result.ok) rowOverlay().settled(ticketId, generation);
    // A row that left the queue (resolved, reassigned) never shows the catch-up: drop the patch anyway.
    else setTimeout(() => rowOverlay().settled(ticketId, generation), OVERLAY_HOLD_MS);
    return result;
  }

  addComment(ticketId: string, visibility: 'internal' | 'public', body: string): Promise<ActionResult> {
    return this.inTurn(() => this.result(this.engine.mutate('comment.add', { id: newId(), ticketId, visibility, body, createdAt: new Date().toISOString() })));
  }

  /** Only the fields that changed are sent, so a colleague's edit of the other one is not overwritten. */
  editText(ticketId: string, edited: { subject: string; description: string }): Promise<ActionResult> {
    return this.inTurn(async () => {
      const ticket = await this.engine.db.tickets.get(ticketId);
      if (!ticket) return gone();
      const fields: Record<string, string> = {};
      if (edited.subject.trim() !== ticket.subject) fields.subject = edited.subject.trim();
      if (edited.description !== ticket.description) fields.description = edited.description;
      if (Object.keys(fields).length === 0) return { ok: true };
      if (fields.subject === '') return { ok: false, message: 'A ticket needs a subject.' };
      return this.update(ticketId, fields);
    });
  }

  /** Checked here with the server's rules first, so a missing handover note is refused at once, offline too. */
  escalate(ticketId: string, handoverNote: string, customerUpdate: string): Promise<ActionResult> {
    return this.inTurn(async () => {
      const ticket = await this.engine.db.tickets.get(ticketId);
      if (!ticket) return gone();
      const check = manualEscalation({ handoverNote, currentLevel: ticket.escalationLevel, status: ticket.status });
      if (!check.ok) return { ok: false, message: check.error.reason };
      const update = customerUpdate.trim();
      return this.result(
        this.engine.mutate('ticket.escalate', { id: ticketId, eventId: newId(), handoverNote, customerUpdate: update ? { commentId: newId(), body: update } : null }),
      );
    });
  }

  /**
   * Actions are recorded one after another: each reads the ticket as the previous one left it. Without
   * this, "2" then "3" pressed quickly both read the old priority and the second was taken for no change.
   */
  private inTurn<T>(run: () => Promise<T>): Promise<T> {
    const next = this.turn.then(run, run);
    this.turn = next.catch(() => undefined);
    return next;
  }

  private update(ticketId: string, fields: Record<string, unknown>): Promise<ActionResult> {
    return this.result(this.engine.mutate('ticket.update', { id: ticketId, fields, hlc: this.clock.now() }));
  }

  private async result(pending: Promise<{ ok: true } | { ok: false; error: { reason: string } }>): Promise<ActionResult> {
    const outcome = await pending;
    if (!outcome.ok) return { ok: false, message: outcome.error.reason };
    this.onChanged();
    return { ok: true };
  }
}

const gone = (): ActionResult => ({ ok: false, message: 'That ticket is no longer in your view.' });
