import type { Generated } from 'kysely';

/** Row types as stored. JSON columns are strings here; repositories parse them into domain types. */
export interface CalendarsTable {
  id: string;
  name: string;
  time_zone: string;
  weekly_hours: string;
  holidays: string;
}

export interface TeamsTable {
  id: string;
  name: string;
  calendar_id: string;
  category_ids: string;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: 'agent' | 'supervisor' | 'admin';
  password_hash: string;
  skills: string;
  capacity: number;
  availability: string;
  disabled: number;
  created_at: string;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface CustomersTable {
  id: string;
  name: string;
  phones: string;
  emails: string;
  company: string | null;
  preferred_channel: string | null;
  language: string | null;
  notes: string;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface CustomerPhonesTable {
  e164: string;
  customer_id: string;
}

export interface TicketsTable {
  id: string;
  number: number | null;
  subject: string;
  description: string;
  channel: string;
  category_id: string;
  impact: string;
  urgency: string;
  priority: string;
  status: string;
  tier: number;
  escalation_level: number;
  team_id: string | null;
  assignee_id: string | null;
  customer_id: string | null;
  tags: string;
  resolution_summary: string | null;
  created_at: string;
  updated_at: string;
  first_responded_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  reopen_count: number;
  version: Generated<number>;
  field_clocks: Generated<string>;
  sla_due_at: string | null;
  sla_at_risk_at: string | null;
  /** The SLA policy revision the deadlines were computed with; 0 = never (backfilled at start). */
  sla_revision: Generated<number>;
  /** When the escalation scheduler looks at the ticket next; null until the ticket changes. Server-only. */
  next_escalation_at: Generated<string | null>;
  escalated_at: Generated<string | null>;
  escalation_acknowledged_at: Generated<string | null>;
  escalation_acknowledged_by: Generated<string | null>;
}

export interface TicketEventsTable {
  id: string;
  ticket_id: string;
  kind: string;
  actor_id: string | null;
  at: string;
  data: string;
}

export interface CallsTable {
  id: string;
  ticket_id: string | null;
  customer_id: string | null;
  agent_id: string;
  direction: string;
  number: string;
  started_at: string;
  ended_at: string | null;
  notes: string;
  disposition: string | null;
}

export interface CommentsTable {
  id: string;
  ticket_id: string;
  author_id: string;
  visibility: 'internal' | 'public';
  body: string;
  created_at: string;
}

export interface AuditLogTable {
  seq: Generated<number>;
  at: string;
  actor_id: string | null;
  client_id: string | null;
  action: string;
  entity: string;
  entity_id: string;
  old_value: string | null;
  new_value: string | null;
}

export interface WorkspaceTable {
  id: string;
  name: string;
  created_at: string;
}

export interface TicketNumberCounterTable {
  id: number;
  next_number: number;
}

export interface ChangesTable {
  seq: Generated<number>;
  entity: 'ticket' | 'comment' | 'call' | 'customer' | 'event';
  entity_id: string;
  ticket_id: string | null;
  prev_team_id: string | null;
  prev_assignee_id: string | null;
  prev_escalation_level: number | null;
  scope_changed: number;
  at: string;
}

export interface SyncClientsTable {
  client_id: string;
  user_id: string;
  last_mutation_id: number;
  created_at: string;
  last_seen_at: string;
}

export interface MutationOutcomesTable {
  client_id: string;
  mutation_id: number;
  outcome: string;
  at: string;
}

export interface NumberLeasesTable {
  client_id: string;
  first_number: number;
  last_number: number;
  leased_at: string;
}

export interface SyncMetaTable {
  key: string;
  value: string;
}

export interface EscalationStepsTable {
  ticket_id: string;
  step_key: string;
  taken_at: string;
}

export interface StorageSchema {
  escalation_steps: EscalationStepsTable;
  changes: ChangesTable;
  sync_clients: SyncClientsTable;
  mutation_outcomes: MutationOutcomesTable;
  number_leases: NumberLeasesTable;
  sync_meta: SyncMetaTable;
  workspace: WorkspaceTable;
  calendars: CalendarsTable;
  teams: TeamsTable;
  users: UsersTable;
  team_members: TeamMembersTable;
  sessions: SessionsTable;
  customers: CustomersTable;
  customer_phones: CustomerPhonesTable;
  tickets: TicketsTable;
  ticket_events: TicketEventsTable;
  calls: CallsTable;
  comments: CommentsTable;
  audit_log: AuditLogTable;
  ticket_number_counter: TicketNumberCounterTable;
}
