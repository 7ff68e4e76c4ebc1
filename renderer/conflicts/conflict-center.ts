import { newId } from '../../core/ids';
import type { MutationArgs, MutationName } from '../../core/protocol/sync-schemas';
import { HybridLogicalClock } from '../../core/sync/hlc';
import { formatTicketNumber } from '../../core/ticket/ticket';
import type { ConflictRecord, MirrorDb } from '../sync/mirror-db';
import type { SyncEngine } from '../sync/sync-engine';

const ACTION_NAMES: Readonly<Record<MutationName, string>> = {
  'ticket.create': 'New ticket',
  'ticket.update': 'Ticket edit',
  'ticket.setStatus': 'Status change',
  'ticket.tags': 'Tags',
  'ticket.escalate': 'Escalation',
  'escalation.acknowledge': 'Acknowledgement',
  'escalation.reassign': 'Reassignment',
  'escalation.deescalate': 'De-escalation',
  'comment.add': 'Comment',
  'call.log': 'Call log',
  'customer.create': 'New customer',
};

const show = (value: unknown): string => (value === null || value === undefined ? '(empty)' : typeof value === 'string' ? value : JSON.stringify(value));

/** What the agent wrote, word for word, so nothing typed is lost even when the change did not stick. */
export function writtenContent(record: ConflictRecord): string[] {
  const args = record.args as Record<string, unknown>;
  switch (record.name) {
    case 'ticket.update':
      return Object.entries((args.fields ?? {}) as Record<string, unknown>).map(([field, value]) => `${field}: ${show(value)}`);
    case 'ticket.setStatus':
      return [`status: ${show(args.to)}`, ...(args.resolutionSummary ? [`resolution: ${show(args.resolutionSummary)}`] : [])];
    case 'comment.add':
      return [`${show(args.visibility)}: ${show(args.body)}`];
    case 'ticket.escalate': {
      const update = args.customerUpdate as { body?: string } | null;
      return [`handover note: ${show(args.handoverNote)}`, ...(update?.body ? [`to the customer: ${update.body}`] : [])];
    }
    case 'escalation.acknowledge':
    case 'escalation.deescalate':
      return [`note: ${show(args.note)}`];
    case 'escalation.reassign':
      return [`assignee: ${show(args.assigneeId)}`, `note: ${show(args.note)}`];
    case 'call.log':
      return [`number: ${show(args.number)}`, `notes: ${show(args.notes)}`];
    case 'ticket.create':
      return [`subject: ${show(args.subject)}`, `description: ${show(args.description)}`];
    case 'customer.create':
      return [`name: ${show(args.name)}`, `phones: ${show(args.phones)}`];
    case 'ticket.tags':
      return [`add: ${show(args.add)}`, `remove: ${show(args.remove)}`];
  }
}

/** The conflict in one line: why the change did not stick. */
export function conflictReason(record: ConflictRecord): string {
  if (record.error) return record.error.message;
  const kept = (record.conflicts ?? []).map((c) => `${c.field} kept as ${show(c.keptValue)} (a later edit)`);
  return kept.length > 0 ? `Another agent's later edit won: ${kept.join('; ')}.` : 'The change did not apply.';
}

export async function conflictTitle(db: MirrorDb, record: ConflictRecord): Promise<string> {
  const args = record.args as { id?: string; ticketId?: string | null };
  const ticketId = record.name === 'comment.add' || record.name === 'call.log' ? args.ticketId : args.id;
  const ticket = ticketId ? await db.tickets.get(ticketId) : undefined;
  return ticket ? `${ACTION_NAMES[record.name]} on ${formatTicketNumber(ticket.number)} · ${ticket.subject}` : ACTION_NAMES[record.name];
}

/**
 * The same change again, as a new mutation: new ids for what creates a row (the refused one may exist
 * under the old id), and for a lost field edit only the fields that lost, with a fresh clock so it is
 * now the latest edit.
 */
export function reapplication(record: ConflictRecord, clientId: string): { name: MutationName; args: unknown } {
  const args = record.args as Record<string, unknown>;
  switch (record.name) {
    case 'ticket.update': {
      const lost = new Set((record.conflicts ?? []).map((c) => c.field));
      const fields = Object.fromEntries(Object.entries(args.fields as Record<string, unknown>).filter(([field]) => lost.size === 0 || lost.has(field)));
      return { name: 'ticket.update', args: { ...args, fields, hlc: new HybridLogicalClock(clientId).now() } };
    }
    case 'comment.add':
      return { name: 'comment.add', args: { ...args, id: newId(), createdAt: new Date().toISOString() } };
    case 'call.log':
      return { name: 'call.log', args: { ...args, id: newId() } };
    case 'ticket.escalate': {
      const update = args.customerUpdate as MutationArgs<'ticket.escalate'>['customerUpdate'];
      return { name: 'ticket.escalate', args: { ...args, eventId: newId(), customerUpdate: update ? { ...update, commentId: newId() } : null } };
    }
    case 'escalation.acknowledge':
    case 'escalation.deescalate':
      return { name: record.name, args: { ...args, eventId: newId() } };
    case 'escalation.reassign':
      return { name: record.name, args: { ...args, eventId: newId(), hlc: new HybridLogicalClock(clientId).now() } };
    case 'ticket.create':
      return { name: 'ticket.create', args: { ...args, id: newId(), number: null } };
    case 'customer.create':
      return { name: 'customer.create', args: { ...args, id: newId() } };
    default:
      return { name: record.name, args };
  }
}

/** Re-apply: queued again through the engine (validated, shown at once); the record goes once queued. */
export async function reapplyConflict(engine: SyncEngine, record: ConflictRecord): Promise<{ ok: true } | { ok: false; message: string }> {
  const { clientId } = await engine.meta();
  const again = reapplication(record, clientId);
  const result = await engine.mutate(again.name, again.args as never);
  if (!result.ok) return { ok: false, message: result.error.reason };
  if (record.id !== undefined) await engine.db.conflicts.delete(record.id);
  return { ok: true };
}

export async function dismissConflict(db: MirrorDb, record: ConflictRecord): Promise<void> {
  if (record.id !== undefined) await db.conflicts.delete(record.id);
}
