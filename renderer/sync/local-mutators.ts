import type { MutationArgs, MutationName } from '../../core/protocol/sync-schemas';
import type { SyncedTicket } from '../../core/protocol/sync-messages';
import { derivePriority, type PriorityMatrix } from '../../core/ticket/priority';
import { transitionStatus, type LifecyclePolicy } from '../../core/ticket/status';
import { changeTags, normaliseTags } from '../../core/ticket/ticket';
import { normaliseCustomer } from '../../core/customer/customer';
import { countsAsCustomerContact } from '../../core/call/call';
import { manualEscalation } from '../../core/escalation/escalation-rules';
import { acknowledgement, answeredFields, deescalation, escalationStarted, reassignment, type EscalationResponse } from '../../core/escalation/escalation-response';
import type { Role } from '../../core/people/user';
import type { CountryCode } from 'libphonenumber-js/min';
import { withLocalDeadlines } from './local-deadlines';
import type { MirrorDb, MirrorEntity } from './mirror-db';

export interface LocalRules {
  readonly priorityMatrix: PriorityMatrix;
  readonly lifecycle: LifecyclePolicy;
  readonly defaultCountry: CountryCode;
}

export interface LocalContext {
  readonly userId: string;
  readonly role: Role;
  readonly now: Date;
  readonly rules: LocalRules;
}

type LocalMutator<N extends MutationName> = (db: MirrorDb, args: MutationArgs<N>, ctx: LocalContext) => Promise<void>;

/**
 * The optimistic half of each mutation: what the agent sees at once, offline or online. Run inside
 * the same Dexie transaction as the outbox write, and again on top of each pulled page until the
 * server confirms it, so the screen never flickers back to an older value. The server's mutator is
 * the authority; these only have to agree with it in the common case.
 */
const LOCAL: { readonly [N in MutationName]: LocalMutator<N> } = {
  'ticket.create': async (db, args, ctx) => {
    if (await db.tickets.get(args.id)) return;
    const at = ctx.now.toISOString();
    const resolved = args.resolutionSummary !== null;
    const ticket: SyncedTicket = {
      id: args.id,
      number: args.number,
      subject: args.subject,
      description: args.description,
      channel: args.channel,
      categoryId: args.categoryId,
      impact: args.impact,
      urgency: args.urgency,
      priority: derivePriority(args.impact, args.urgency, ctx.rules.priorityMatrix),
      status: resolved ? 'resolved' : 'new',
      tier: 1,
      escalationLevel: 0, escalatedAt: null, escalationAcknowledgedAt: null, escalationAcknowledgedBy: null,
      teamId: args.teamId,
      assigneeId: args.assigneeId,
      customerId: args.customerId,
      tags: normaliseTags(args.tags),
      resolutionSummary: resolved ? args.resolutionSummary!.trim() : null,
      createdAt: args.createdAt,
      updatedAt: at,
      firstRespondedAt: null,
      resolvedAt: resolved ? at : null,
      closedAt: null,
      reopenCount: 0,
      slaDueAt: null,
      slaAtRiskAt: null,
      version: 0,
    };
    await db.tickets.put(await withLocalDeadlines(db, ticket, ctx.now));
  },
  'ticket.update': async (db, args, ctx) => {
    const ticket = await db.tickets.get(args.id);
    if (!ticket) return;
    const next = { ...ticket, ...args.fields, updatedAt: ctx.now.toISOString() };
    await db.tickets.put(await withLocalDeadlines(db, { ...next, priority: derivePriority(next.impact, next.urgency, ctx.rules.priorityMatrix) }, ctx.now));
  },
  'ticket.setStatus': async (db, args, ctx) => {
    const ticket = await db.tickets.get(args.id);
    if (!ticket) return;
    const next = transitionStatus(ticket, { to: args.to, resolutionSummary: args.resolutionSummary }, ctx.now, ctx.rules.lifecycle);
    if (next.ok) await db.tickets.put(await withLocalDeadlines(db, { ...ticket, ...next.value, updatedAt: ctx.now.toISOString() }, ctx.now));
  },
  'ticket.tags': async (db, args, ctx) => {
    const ticket = await db.tickets.get(args.id);
    if (!ticket) return;
    await db.tickets.put({ ...ticket, tags: changeTags(ticket.tags, args.add, args.remove), updatedAt: ctx.now.toISOString() });
  },
  'ticket.escalate': async (db, args, ctx) => {
    const ticket = await db.tickets.get(args.id);
    if (!ticket) return;
    const checked = manualEscalation({ handoverNote: args.handoverNote, currentLevel: ticket.escalationLevel, status: ticket.status });
    if (!checked.ok) return;
    const at = ctx.now.toISOString();
    await db.tickets.put({ ...ticket, escalationLevel: checked.value.level, ...escalationStarted(at), updatedAt: at });
    // Shown in the timeline at once; the server's event (same id) replaces it on sync.
    await db.events.put({
      id: args.eventId,
      ticketId: args.id,
      kind: 'escalated',
      actorId: ctx.userId,
      at,
      data: { stepKey: null, reason: 'manual', level: checked.value.level, fromUserId: ctx.userId, toRole: checked.value.level >= 2 ? 'all_supervisors' : 'team_supervisors', teamId: ticket.teamId, note: checked.value.handoverNote },
    });
    if (args.customerUpdate) {
      await db.comments.put({ id: args.customerUpdate.commentId, ticketId: args.id, authorId: ctx.userId, visibility: 'public', body: args.customerUpdate.body, createdAt: at });
      await markFirstResponse(db, args.id, at, ctx.now);
    }
  },
  'escalation.acknowledge': async (db, args, ctx) => {
    const ticket = await db.tickets.get(args.id);
    if (ticket && acknowledgement(ctx.role, ticket).ok) await answerLocally(db, ticket, 'acknowledge', args, ticket.escalationLevel, ctx);
  },
  'escalation.deescalate': async (db, args, ctx) => {
    const ticket = await db.tickets.get(args.id);
    const checked = ticket ? deescalation(ctx.role, ticket, args.note) : null;
    if (ticket && checked?.ok) await answerLocally(db, ticket, 'deescalate', { eventId: args.eventId, note: checked.value.note }, checked.value.level, ctx);
  },
  'escalation.reassign': async (db, args, ctx) => {
    const ticket = await db.tickets.get(args.id);
    if (!ticket || !reassignment(ctx.role, ticket).ok) return;
    const moved = { assigneeId: args.assigneeId, ...(args.teamId !== undefined ? { teamId: args.teamId } : {}) };
    await answerLocally(db, { ...ticket, ...moved }, 'reassign', args, ticket.escalationLevel, ctx, { fromAssigneeId: ticket.assigneeId, toAssigneeId: args.assigneeId });
  },
  'comment.add': async (db, args, ctx) => {
    if (await db.comments.get(args.id)) return;
    await db.comments.put({ id: args.id, ticketId: args.ticketId, authorId: ctx.userId, visibility: args.visibility, body: args.body, createdAt: args.createdAt });
    if (args.visibility === 'public') await markFirstResponse(db, args.ticketId, args.createdAt, ctx.now);
  },
  'call.log': async (db, args, ctx) => {
    if (await db.calls.get(args.id)) return;
    await db.calls.put({ ...args, agentId: ctx.userId });
    if (args.ticketId && args.disposition && countsAsCustomerContact(args.disposition)) await markFirstResponse(db, args.ticketId, args.startedAt, ctx.now);
  },
  'customer.create': async (db, args, ctx) => {
    if (await db.customers.get(args.id)) return;
    const normalised = normaliseCustomer(args, ctx.rules.defaultCountry);
    if (!normalised.ok) return;
    const at = ctx.now.toISOString();
    await db.customers.put({ id: args.id, ...normalised.value, createdAt: at, updatedAt: at, version: 0 });
  },
};

const ANSWER_EVENT = { acknowledge: 'escalation_acknowledged', reassign: 'escalation_reassigned', deescalate: 'deescalated' } as const;

/** A supervisor's answer, shown at once: the ticket's escalation fields and the event the server will send back (same id). */
async function answerLocally(db: MirrorDb, ticket: SyncedTicket, response: EscalationResponse, args: { eventId: string; note: string }, level: number, ctx: LocalContext, extra: Record<string, unknown> = {}): Promise<void> {
  const at = ctx.now.toISOString();
  await db.tickets.put({ ...ticket, ...answeredFields(response, ticket, level, ctx.userId, at), updatedAt: at });
  await db.events.put({ id: args.eventId, ticketId: ticket.id, kind: ANSWER_EVENT[response], actorId: ctx.userId, at, data: { fromLevel: ticket.escalationLevel, toLevel: level, note: args.note.trim() || null, ...extra } });
}

/** A public reply or a call that reached the customer: the first-response clock stops here too, as on the server. */
async function markFirstResponse(db: MirrorDb, ticketId: string, at: string, now: Date): Promise<void> {
  const ticket = await db.tickets.get(ticketId);
  if (!ticket || ticket.firstRespondedAt !== null) return;
  await db.tickets.put(await withLocalDeadlines(db, { ...ticket, firstRespondedAt: at }, now));
}

export function applyLocally(db: MirrorDb, name: MutationName, args: unknown, ctx: LocalContext): Promise<void> {
  return (LOCAL[name] as LocalMutator<MutationName>)(db, args as never, ctx);
}

/** The rows a mutation changes locally: their server versions are kept as bases while it is pending. */
export function touchedRows(name: MutationName, args: unknown): Array<{ entity: MirrorEntity; id: string }> {
  const a = args as { id: string };
  switch (name) {
    case 'ticket.create':
    case 'ticket.update':
    case 'ticket.setStatus':
    case 'ticket.tags':
      return [{ entity: 'ticket', id: a.id }];
    case 'escalation.acknowledge':
    case 'escalation.reassign':
    case 'escalation.deescalate': {
      const answer = args as { id: string; eventId: string };
      return [
        { entity: 'ticket', id: answer.id },
        { entity: 'event', id: answer.eventId },
      ];
    }
    case 'ticket.escalate': {
      const escalation = args as MutationArgs<'ticket.escalate'>;
      return [
        { entity: 'ticket', id: escalation.id },
        { entity: 'event', id: escalation.eventId },
        ...(escalation.customerUpdate ? [{ entity: 'comment' as const, id: escalation.customerUpdate.commentId }] : []),
      ];
    }
    // A reply or a call may stop the ticket's first-response clock, so the ticket is touched too.
    case 'comment.add': {
      const comment = args as { id: string; ticketId: string; visibility: string };
      return [{ entity: 'comment', id: comment.id }, ...(comment.visibility === 'public' ? [{ entity: 'ticket' as const, id: comment.ticketId }] : [])];
    }
    case 'call.log': {
      const call = args as MutationArgs<'call.log'>;
      const responds = call.ticketId !== null && call.disposition !== null && countsAsCustomerContact(call.disposition);
      return [{ entity: 'call', id: call.id }, ...(responds ? [{ entity: 'ticket' as const, id: call.ticketId! }] : [])];
    }
    case 'customer.create':
      return [{ entity: 'customer', id: a.id }];
  }
}
