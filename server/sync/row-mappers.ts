import type { Selectable } from 'kysely';
import type { Call, CallDirection, CallDisposition } from '../../core/call/call';
import type { E164 } from '../../core/customer/phone-number';
import type { SyncedCustomer, SyncedTicket } from '../../core/protocol/sync-messages';
import type { Comment } from '../../core/ticket/comment';
import type { Channel } from '../../core/ticket/channel';
import { toTicket } from '../repositories/tickets-repository';
import type { TicketEvent, TicketEventKind } from '../../core/ticket/ticket-event';
import type { CallsTable, CommentsTable, CustomersTable, TicketEventsTable, TicketsTable } from '../storage/schema';

// The version assigned onto the fresh ticket, not spread after it: on Node 20 that spread cost 3 µs a ticket,
// and a bootstrap maps 100,000 (docs/performance.md, "Spreads on Node 20").
export const toSyncedTicket = (row: Selectable<TicketsTable>): SyncedTicket => Object.assign(toTicket(row), { version: row.version });

export const toComment = (row: Selectable<CommentsTable>): Comment => ({
  id: row.id,
  ticketId: row.ticket_id,
  authorId: row.author_id,
  visibility: row.visibility,
  body: row.body,
  createdAt: row.created_at,
});

export const toCall = (row: Selectable<CallsTable>): Call => ({
  id: row.id,
  ticketId: row.ticket_id,
  customerId: row.customer_id,
  agentId: row.agent_id,
  direction: row.direction as CallDirection,
  number: row.number,
  startedAt: row.started_at,
  endedAt: row.ended_at,
  notes: row.notes,
  disposition: row.disposition as CallDisposition | null,
});

export const toSyncedCustomer = (row: Selectable<CustomersTable>): SyncedCustomer => ({
  id: row.id,
  name: row.name,
  phones: JSON.parse(row.phones) as E164[],
  emails: JSON.parse(row.emails) as string[],
  company: row.company,
  preferredChannel: row.preferred_channel as Channel | null,
  language: row.language,
  notes: row.notes,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: row.version,
});

export const toTicketEvent = (row: Selectable<TicketEventsTable>): TicketEvent => ({
  id: row.id,
  ticketId: row.ticket_id,
  kind: row.kind as TicketEventKind,
  actorId: row.actor_id,
  at: row.at,
  data: JSON.parse(row.data) as Record<string, unknown>,
});
