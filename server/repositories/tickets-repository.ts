import { sql, type ExpressionBuilder, type Insertable, type Selectable, type SqlBool } from 'kysely';
import type { Viewer } from '../../core/people/visibility';
import { ORGANISATION_ESCALATION_LEVEL } from '../../core/people/visibility';
import type { TicketListQuery } from '../../core/protocol/http-schemas';
import type { Channel } from '../../core/ticket/channel';
import type { Impact, Priority, Urgency } from '../../core/ticket/priority';
import type { TicketStatus } from '../../core/ticket/status';
import type { Ticket, Tier } from '../../core/ticket/ticket';
import { prepareQuery } from '../storage/prepared-query';
import type { Db } from '../storage/query-builder';
import type { StorageSchema, TicketsTable } from '../storage/schema';

/** The SQL form of core's `canSeeTicket`; a test checks the two agree on random tickets and viewers. */
export function visibleTo(viewer: Viewer) {
  return (eb: ExpressionBuilder<StorageSchema, 'tickets'>) => {
    if (viewer.role === 'admin') return sql<SqlBool>`1 = 1`;
    const teams = viewer.teamIds.length > 0 ? [eb('team_id', 'in', [...viewer.teamIds])] : [];
    const mine = eb('assignee_id', '=', viewer.id);
    if (viewer.role === 'agent') return eb.or([mine, ...teams]);
    return eb.or([mine, ...teams, eb('team_id', 'is', null), eb('escalation_level', '>=', ORGANISATION_ESCALATION_LEVEL)]);
  };
}

export class TicketsRepository {
  constructor(private readonly db: Db) {}

  async list(viewer: Viewer, query: TicketListQuery): Promise<Ticket[]> {
    let select = this.db.selectFrom('tickets').selectAll().where(visibleTo(viewer));
    if (query.status?.length) select = select.where('status', 'in', query.status);
    if (query.priority?.length) select = select.where('priority', 'in', query.priority);
    if (query.team) select = select.where('team_id', '=', query.team);
    if (query.assignee === 'none') select = select.where('assignee_id', 'is', null);
    else if (query.assignee) select = select.where('assignee_id', '=', query.assignee === 'me' ? viewer.id : query.assignee);
    if (query.before) select = select.where('number', '<', query.before);
    if (query.text) {
      const text = query.text;
      const asNumber = /^\d+$/.test(text) ? Number(text) : null;
      // LIKE wildcards typed by a user are matched literally.
      const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      select = select.where((eb) =>
        eb.or([sql<SqlBool>`subject LIKE ${pattern} ESCAPE '\\'`, ...(asNumber ? [eb('number', '=', asNumber)] : [])]),
      );
    }
    const rows = await select.orderBy('number', 'desc').limit(query.limit).execute();
    return rows.map(toTicket);
  }

  /** null both when the ticket does not exist and when the viewer may not see it: existence is not leaked. */
  async findByNumber(viewer: Viewer, number: number): Promise<Ticket | null> {
    const row = await this.db.selectFrom('tickets').selectAll().where('number', '=', number).where(visibleTo(viewer)).executeTakeFirst();
    return row ? toTicket(row) : null;
  }

  async insert(ticket: Ticket): Promise<void> {
    await this.db.insertInto('tickets').values(fromTicket(ticket)).execute();
  }
}

export function toTicket(row: Selectable<TicketsTable>): Ticket {
  return {
    id: row.id,
    number: row.number,
    subject: row.subject,
    description: row.description,
    channel: row.channel as Channel,
    categoryId: row.category_id,
    impact: row.impact as Impact,
    urgency: row.urgency as Urgency,
    priority: row.priority as Priority,
    status: row.status as TicketStatus,
    tier: row.tier as Tier,
    escalationLevel: row.escalation_level,
    escalatedAt: row.escalated_at,
    escalationAcknowledgedAt: row.escalation_acknowledged_at,
    escalationAcknowledgedBy: row.escalation_acknowledged_by,
    teamId: row.team_id,
    assigneeId: row.assignee_id,
    customerId: row.customer_id,
    tags: JSON.parse(row.tags) as string[],
    resolutionSummary: row.resolution_summary,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    firstRespondedAt: row.first_responded_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    reopenCount: row.reopen_count,
    slaDueAt: row.sla_due_at,
    slaAtRiskAt: row.sla_at_risk_at,
  };
}

/** The columns a new ticket's row is written with; the rest (version, clocks, the server's own) take their defaults. */
const TICKET_INSERT_COLUMNS = [
  'id', 'number', 'subject', 'description', 'channel', 'category_id', 'impact', 'urgency', 'priority', 'status', 'tier',
  'escalation_level', 'escalated_at', 'escalation_acknowledged_at', 'escalation_acknowledged_by', 'team_id', 'assignee_id',
  'customer_id', 'tags', 'resolution_summary', 'created_at', 'updated_at', 'first_responded_at', 'resolved_at', 'closed_at',
  'reopen_count', 'sla_due_at', 'sla_at_risk_at',
] as const;
/** Every one of those columns, none other: fromTicket cannot leave one out or add one the insert would not write. */
export type TicketInsertRow = { [K in (typeof TICKET_INSERT_COLUMNS)[number]]-?: Exclude<Insertable<TicketsTable>[K], undefined> };

/** What the server adds to a new ticket's row: its first version, and its SLA columns when known (else their defaults). */
export type FiledColumns = {
  readonly version: number;
  readonly sla_revision: number;
  readonly next_escalation_at: string | null;
};
const FILED_COLUMNS = ['version', 'sla_revision', 'next_escalation_at'] as const;

/**
 * A new ticket's insert with its first version (its change-log entry's sequence number), prepared once
 * (server/storage/prepared-query.ts): a push may file a hundred in a row.
 */
export const insertTicketRow = prepareQuery((db, p: TicketInsertRow & FiledColumns) =>
  db.insertInto('tickets').values(Object.fromEntries([...TICKET_INSERT_COLUMNS, ...FILED_COLUMNS].map((column) => [column, p[column]])) as TicketInsertRow & FiledColumns),
);

export function fromTicket(ticket: Ticket): TicketInsertRow {
  return {
    id: ticket.id,
    number: ticket.number,
    subject: ticket.subject,
    description: ticket.description,
    channel: ticket.channel,
    category_id: ticket.categoryId,
    impact: ticket.impact,
    urgency: ticket.urgency,
    priority: ticket.priority,
    status: ticket.status,
    tier: ticket.tier,
    escalation_level: ticket.escalationLevel,
    escalated_at: ticket.escalatedAt,
    escalation_acknowledged_at: ticket.escalationAcknowledgedAt,
    escalation_acknowledged_by: ticket.escalationAcknowledgedBy,
    team_id: ticket.teamId,
    assignee_id: ticket.assigneeId,
    customer_id: ticket.customerId,
    tags: JSON.stringify(ticket.tags),
    resolution_summary: ticket.resolutionSummary,
    created_at: ticket.createdAt,
    updated_at: ticket.updatedAt,
    first_responded_at: ticket.firstRespondedAt,
    resolved_at: ticket.resolvedAt,
    closed_at: ticket.closedAt,
    reopen_count: ticket.reopenCount,
    sla_due_at: ticket.slaDueAt,
    sla_at_risk_at: ticket.slaAtRiskAt,
  };
}
