import type { MutationArgs, MutationName } from '../../../core/protocol/sync-schemas';
import { logCall } from './call-log';
import { addComment } from './comment-add';
import { createCustomer } from './customer-create';
import { acknowledgeEscalation, deescalateTicket, reassignEscalation } from './escalation-answer';
import type { Mutator } from './mutation-context';
import { createTicket } from './ticket-create';
import { escalateTicket } from './ticket-escalate';
import { setTicketStatus } from './ticket-status';
import { changeTicketTags } from './ticket-tags';
import { updateTicket } from './ticket-update';

/** Mutation name → the server's authoritative implementation. */
export const MUTATORS: { readonly [N in MutationName]: Mutator<MutationArgs<N>> } = {
  'ticket.create': createTicket,
  'ticket.update': updateTicket,
  'ticket.setStatus': setTicketStatus,
  'ticket.tags': changeTicketTags,
  'ticket.escalate': escalateTicket,
  'escalation.acknowledge': acknowledgeEscalation,
  'escalation.reassign': reassignEscalation,
  'escalation.deescalate': deescalateTicket,
  'comment.add': addComment,
  'call.log': logCall,
  'customer.create': createCustomer,
};
