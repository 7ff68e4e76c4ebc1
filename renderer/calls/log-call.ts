import type { Team } from '../../core/people/team';
import type { User } from '../../core/people/user';
import { DEFAULT_CATEGORIES, findCategory } from '../../core/ticket/category';
import type { SyncEngine } from '../sync/sync-engine';
import { clearCallDraft, type CallDraft } from './call-draft';

export type CallOutcome =
  | { readonly ok: true; readonly ticketId: string | null; readonly ticketNumber: number | null; readonly teamId: string | null }
  | { readonly ok: false; readonly message: string };

export type CallTarget = { readonly kind: 'new-ticket' } | { readonly kind: 'existing-ticket'; readonly ticketId: string } | { readonly kind: 'call-only' };

type Step<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * Saves a finished call: the new customer (if any), the ticket (new, or the one it is added to) and the
 * call itself, each a mutation in the outbox, then clears the draft. Every id comes from the draft and
 * whatever is already in the mirror is not created again, so repeating this after a crash repeats nothing.
 */
export async function logCall(
  engine: SyncEngine,
  user: User,
  draft: CallDraft,
  target: CallTarget,
  teams: readonly Pick<Team, 'id' | 'categoryIds'>[] = [],
): Promise<CallOutcome> {
  const customer = await ensureCustomer(engine, draft);
  if (!customer.ok) return customer;
  let ticket: Step<{ id: string | null; number: number | null; teamId: string | null }> = { ok: true, value: { id: null, number: null, teamId: null } };
  if (target.kind === 'new-ticket') ticket = await ensureTicket(engine, user, draft, customer.value, teams);
  else if (target.kind === 'existing-ticket') {
    const existing = await engine.db.tickets.get(target.ticketId);
    ticket = { ok: true, value: { id: target.ticketId, number: existing?.number ?? null, teamId: existing?.teamId ?? null } };
  }
  if (!ticket.ok) return ticket;
  const call = await ensureCall(engine, draft, customer.value, ticket.value.id);
  if (!call.ok) return call;
  await clearCallDraft(engine.db);
  return { ok: true, ticketId: ticket.value.id, ticketNumber: ticket.value.number, teamId: ticket.value.teamId };
}

async function ensureCustomer(engine: SyncEngine, draft: CallDraft): Promise<Step<string | null>> {
  if (draft.customerId) return { ok: true, value: draft.customerId };
  if (!draft.newCustomerName.trim()) return { ok: true, value: null };
  if (await engine.db.customers.get(draft.ids.customer)) return { ok: true, value: draft.ids.customer };
  const created = await engine.mutate('customer.create', {
    id: draft.ids.customer,
    name: draft.newCustomerName,
    phones: draft.number.trim() ? [draft.number] : [],
    emails: [],
    company: null,
    language: null,
    notes: '',
  });
  return created.ok ? { ok: true, value: draft.ids.customer } : { ok: false, message: created.error.reason };
}

async function ensureTicket(
  engine: SyncEngine,
  user: User,
  draft: CallDraft,
  customerId: string | null,
  teams: readonly Pick<Team, 'id' | 'categoryIds'>[],
): Promise<Step<{ id: string; number: number | null; teamId: string | null }>> {
  const saved = await engine.db.tickets.get(draft.ids.ticket);
  if (saved) return { ok: true, value: { id: saved.id, number: saved.number, teamId: saved.teamId } };
  const resolvedNow = draft.disposition === 'resolved_first_contact';
  if (resolvedNow && !draft.notes.trim()) return { ok: false, message: 'Write in the notes what solved it: it becomes the resolution summary.' };
  // Phone tickets belong to the agent who took the call, in their team that handles the category.
  const team = teams.find((t) => user.teamIds.includes(t.id) && t.categoryIds.includes(draft.categoryId))?.id ?? user.teamIds[0] ?? null;
  const created = await engine.mutate('ticket.create', {
    id: draft.ids.ticket,
    number: null,
    subject: draft.subject.trim() || `${findCategory(DEFAULT_CATEGORIES, draft.categoryId)?.label ?? 'Phone'} call`,
    description: draft.notes,
    channel: 'phone',
    categoryId: draft.categoryId,
    impact: draft.impact,
    urgency: draft.urgency,
    customerId,
    teamId: team,
    assigneeId: user.id,
    tags: [],
    resolutionSummary: resolvedNow ? draft.notes.trim() : null,
    createdAt: draft.startedAt,
  });
  return created.ok ? { ok: true, value: { id: draft.ids.ticket, number: created.value.args.number, teamId: team } } : { ok: false, message: created.error.reason };
}

async function ensureCall(engine: SyncEngine, draft: CallDraft, customerId: string | null, ticketId: string | null): Promise<Step<null>> {
  if (await engine.db.calls.get(draft.ids.call)) return { ok: true, value: null };
  const now = new Date().toISOString();
  const logged = await engine.mutate('call.log', {
    id: draft.ids.call,
    ticketId,
    customerId,
    direction: 'inbound',
    number: draft.number.trim() || 'unknown',
    startedAt: draft.startedAt,
    endedAt: draft.startedAt <= now ? now : draft.startedAt,
    notes: draft.notes,
    disposition: draft.disposition,
  });
  return logged.ok ? { ok: true, value: null } : { ok: false, message: logged.error.reason };
}
