import type { MutationArgs, MutationName } from '../../core/protocol/sync-schemas';
import type { SyncedTicket } from '../../core/protocol/sync-messages';
import { derivePriority, type PriorityMatrix } from '../../core/ticket/priority';
import { transitionStatus, type LifecyclePolicy } from '../../core/ticket/status';
import { changeTags, normaliseTags } from '../../core/ticket/ticket';
import { normaliseCustomer } from '../../core/customer/customer';
import type { CountryCode } from 'libphonenumber-js/min';
import type { MirrorDb, MirrorEntity } from './mirror-db';

export interface LocalRules {
  readonly priorityMatrix: PriorityMatrix;
  readonly lifecycle: LifecyclePolicy;
  readonly defaultCountry: CountryCode;
}

export interface LocalContext {
  readonly userId: string;
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
      escalationLevel: 0,
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
      version: 0,
    };
    await db.tickets.put(ticket);
  },
  'ticket.update': async (db, args, ctx) => {
    const ticket = await db.tickets.get(args.id);
    if (!ticket) return;
    const next = { ...ticket, ...args.fields, updatedAt: ctx.now.toISOString() };
    await db.tickets.put({ ...next, priority: derivePriority(next.impact, next.urgency, ctx.rules.priorityMatrix) });
  },
  'ticket.setStatus': async (db, args, ctx) => {
    const ticket = await db.tickets.get(args.id);
    if (!ticket) return;
    const next = transitionStatus(ticket, { to: args.to, resolutionSummary: args.resolutionSummary }, ctx.now, ctx.rules.lifecycle);
    if (next.ok) await db.tickets.put({ ...ticket, ...next.value, updatedAt: ctx.now.toISOString() });
  },
  'ticket.tags': async (db, args, ctx) => {
    const ticket = await db.tickets.get(args.id);
    if (!ticket) return;
    await db.tickets.put({ ...ticket, tags: changeTags(ticket.tags, args.add, args.remove), updatedAt: ctx.now.toISOString() });
  },
  'comment.add': async (db, args, ctx) => {
    if (await db.comments.get(args.id)) return;
    await db.comments.put({ id: args.id, ticketId: args.ticketId, authorId: ctx.userId, visibility: args.visibility, body: args.body, createdAt: args.createdAt });
  },
  'call.log': async (db, args, ctx) => {
    if (await db.calls.get(args.id)) return;
    await db.calls.put({ ...args, agentId: ctx.userId });
  },
  'customer.create': async (db, args, ctx) => {
    if (await db.customers.get(args.id)) return;
    const normalised = normaliseCustomer(args, ctx.rules.defaultCountry);
    if (!normalised.ok) return;
    const at = ctx.now.toISOString();
    await db.customers.put({ id: args.id, ...normalised.value, createdAt: at, updatedAt: at, version: 0 });
  },
};

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
    case 'comment.add':
      return [{ entity: 'comment', id: a.id }];
    case 'call.log':
      return [{ entity: 'call', id: a.id }];
    case 'customer.create':
      return [{ entity: 'customer', id: a.id }];
  }
}
