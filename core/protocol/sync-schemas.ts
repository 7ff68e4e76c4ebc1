import { z } from 'zod';
import { CALL_DIRECTIONS, CALL_DISPOSITIONS } from '../call/call';
import { HANDOVER_NOTE_MAX } from '../escalation/escalation-rules';
import { CHANNELS } from '../ticket/channel';
import { COMMENT_BODY_MAX, COMMENT_VISIBILITIES } from '../ticket/comment';
import { IMPACTS, URGENCIES } from '../ticket/priority';
import { MAX_RESOLUTION_SUMMARY, TICKET_STATUSES } from '../ticket/status';
import { DESCRIPTION_MAX, MAX_TICKET_NUMBER, SUBJECT_MAX, TAG_MAX, TAGS_PER_TICKET_MAX } from '../ticket/ticket';

/**
 * Wire schemas of the sync protocol (docs/sync-protocol.md). Strict objects and size caps everywhere:
 * a payload that does not match is refused whole with a typed error and changes nothing.
 */
const id = z.uuid();
const isoTime = z.iso.datetime({ offset: false });
const hlc = z.string().regex(/^\d{15}:\d{5}:[A-Za-z0-9-]{1,64}$/);
const tag = z.string().min(1).max(TAG_MAX);

export const TicketCreateArgs = z.strictObject({
  id,
  /** A number from this client's lease, or null to have the server assign one. */
  number: z.number().int().positive().max(MAX_TICKET_NUMBER).nullable(),
  subject: z.string().trim().min(1).max(SUBJECT_MAX),
  description: z.string().max(DESCRIPTION_MAX),
  channel: z.enum(CHANNELS),
  categoryId: z.string().min(1).max(64),
  impact: z.enum(IMPACTS),
  urgency: z.enum(URGENCIES),
  customerId: id.nullable(),
  teamId: z.string().min(1).max(64).nullable(),
  assigneeId: id.nullable(),
  tags: z.array(tag).max(TAGS_PER_TICKET_MAX),
  /** A call resolved while the caller is on the line is created resolved, with its summary. */
  resolutionSummary: z.string().max(MAX_RESOLUTION_SUMMARY).nullable(),
  createdAt: isoTime,
});

export const TICKET_SCALAR_FIELDS = ['subject', 'description', 'categoryId', 'impact', 'urgency', 'teamId', 'assigneeId', 'customerId'] as const;
export type TicketScalarField = (typeof TICKET_SCALAR_FIELDS)[number];

export const TicketUpdateArgs = z.strictObject({
  id,
  /** Only the fields the agent changed. */
  fields: z
    .strictObject({
      subject: z.string().trim().min(1).max(SUBJECT_MAX),
      description: z.string().max(DESCRIPTION_MAX),
      categoryId: z.string().min(1).max(64),
      impact: z.enum(IMPACTS),
      urgency: z.enum(URGENCIES),
      teamId: z.string().min(1).max(64).nullable(),
      assigneeId: id.nullable(),
      customerId: id.nullable(),
    })
    .partial()
    .refine((fields) => Object.keys(fields).length > 0, 'change at least one field'),
  /** When the agent made the edit (hybrid logical clock): scalar fields are last-writer-wins by it. */
  hlc,
});

export const TicketStatusArgs = z.strictObject({
  id,
  to: z.enum(TICKET_STATUSES),
  resolutionSummary: z.string().max(MAX_RESOLUTION_SUMMARY).optional(),
});

export const TicketTagsArgs = z.strictObject({
  id,
  add: z.array(tag).max(TAGS_PER_TICKET_MAX),
  remove: z.array(tag).max(TAGS_PER_TICKET_MAX),
});

export const CommentAddArgs = z.strictObject({
  id,
  ticketId: id,
  visibility: z.enum(COMMENT_VISIBILITIES),
  body: z.string().trim().min(1).max(COMMENT_BODY_MAX),
  createdAt: isoTime,
});

export const CallLogArgs = z.strictObject({
  id,
  ticketId: id.nullable(),
  customerId: id.nullable(),
  direction: z.enum(CALL_DIRECTIONS),
  number: z.string().min(1).max(40),
  startedAt: isoTime,
  endedAt: isoTime.nullable(),
  notes: z.string().max(DESCRIPTION_MAX),
  disposition: z.enum(CALL_DISPOSITIONS).nullable(),
});

export const CustomerCreateArgs = z.strictObject({
  id,
  name: z.string().max(200),
  phones: z.array(z.string().max(40)).max(10),
  emails: z.array(z.string().max(254)).max(10),
  company: z.string().max(200).nullable(),
  language: z.string().max(35).nullable(),
  notes: z.string().max(DESCRIPTION_MAX),
});

/**
 * Manual escalation with the handover note (what was tried, what the customer was told), and optionally
 * a status update the customer sees, recorded as a public reply. Ids come from the client so the
 * escalation shows in its timeline at once, offline too.
 */
export const TicketEscalateArgs = z.strictObject({
  id,
  eventId: id,
  handoverNote: z.string().max(HANDOVER_NOTE_MAX),
  customerUpdate: z.strictObject({ commentId: id, body: z.string().trim().min(1).max(COMMENT_BODY_MAX) }).nullable(),
});

/** A supervisor takes an escalation on; the note (optional: one key from a notification) goes to the agent. */
export const EscalationAcknowledgeArgs = z.strictObject({
  id,
  eventId: id,
  note: z.string().max(HANDOVER_NOTE_MAX),
});

/** A supervisor answers an escalation by handing the ticket to someone else (assignee, and team if it moves). */
export const EscalationReassignArgs = z.strictObject({
  id,
  eventId: id,
  assigneeId: id.nullable(),
  teamId: z.string().min(1).max(64).nullable().optional(),
  note: z.string().max(HANDOVER_NOTE_MAX),
  /** The assignee (and team) are scalar fields: last writer wins by this clock, as for `ticket.update`. */
  hlc,
});

/** One level down, with the reason for the agent who escalated (required). */
export const EscalationDeescalateArgs = z.strictObject({
  id,
  eventId: id,
  note: z.string().max(HANDOVER_NOTE_MAX),
});

/** Every mutation a client can send, by name. Adding one here and in server/sync/mutators is all it takes. */
export const MUTATION_ARGS = {
  'ticket.create': TicketCreateArgs,
  'ticket.update': TicketUpdateArgs,
  'ticket.setStatus': TicketStatusArgs,
  'ticket.tags': TicketTagsArgs,
  'ticket.escalate': TicketEscalateArgs,
  'escalation.acknowledge': EscalationAcknowledgeArgs,
  'escalation.reassign': EscalationReassignArgs,
  'escalation.deescalate': EscalationDeescalateArgs,
  'comment.add': CommentAddArgs,
  'call.log': CallLogArgs,
  'customer.create': CustomerCreateArgs,
} as const;

export type MutationName = keyof typeof MUTATION_ARGS;
export const MUTATION_NAMES = Object.keys(MUTATION_ARGS) as [MutationName, ...MutationName[]];
export type MutationArgs<N extends MutationName> = z.infer<(typeof MUTATION_ARGS)[N]>;

export const MAX_PUSH_BATCH = 100;

/** One mutation on the wire; `args` is validated against its name's schema by the server. */
export const MutationEnvelope = z.strictObject({
  /** This client's counter: 1, 2, 3 … applied exactly once, in order. */
  id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  name: z.enum(MUTATION_NAMES),
  args: z.unknown(),
});
export type MutationEnvelope = z.infer<typeof MutationEnvelope>;

export const PushRequest = z.strictObject({
  clientId: id,
  mutations: z.array(MutationEnvelope).min(1).max(MAX_PUSH_BATCH),
});
export type PushRequest = z.infer<typeof PushRequest>;

/** The most changes one pull page may hold. */
export const MAX_PULL_LIMIT = 1_000;
/** The most mutation answers one pull carries (two push batches in flight are 200). */
export const MAX_PULL_OUTCOMES = 1_000;

export const PullRequest = z.strictObject({
  clientId: id,
  /** The last change sequence this client has applied; 0 for none. */
  cursor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  limit: z.number().int().min(1).max(MAX_PULL_LIMIT).optional(),
  /** The lowest mutation id this client holds no answer for: the pull brings the answers the server has. */
  pendingFrom: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
});
export type PullRequest = z.infer<typeof PullRequest>;

export const LeaseRequest = z.strictObject({ clientId: id });

/** Query of `GET /api/sync/bootstrap`: resumable keyset paging over everything the user may see. */
export const BootstrapQuery = z.strictObject({
  /** Opaque position returned as `next` by the previous page; absent on the first page. */
  after: z.string().max(200).optional(),
  /** The change sequence the first page reported; later pages pass it back. */
  snapshot: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
  /** `columns`: rows as arrays under one list of field names (core/protocol/bootstrap-columns.ts); absent: as changes. */
  shape: z.enum(['changes', 'columns']).default('changes'),
});
export type BootstrapQuery = z.infer<typeof BootstrapQuery>;
