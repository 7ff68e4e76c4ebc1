import type Database from 'better-sqlite3';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Append only: a released migration is never edited, a fix is a new version. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'workspace',
    sql: `
      CREATE TABLE workspace (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'support desk',
    sql: `
      CREATE TABLE calendars (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        weekly_hours TEXT NOT NULL,   -- JSON: ISO weekday -> [{start, end}]
        holidays TEXT NOT NULL        -- JSON: ["YYYY-MM-DD"]
      ) STRICT;

      CREATE TABLE teams (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        calendar_id TEXT NOT NULL REFERENCES calendars(id),
        category_ids TEXT NOT NULL    -- JSON: ["billing", …]
      ) STRICT;

      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
        password_hash TEXT NOT NULL,
        skills TEXT NOT NULL DEFAULT '[]',
        capacity INTEGER NOT NULL DEFAULT 20,
        availability TEXT NOT NULL DEFAULT 'offline',
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE team_members (
        team_id TEXT NOT NULL REFERENCES teams(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        PRIMARY KEY (team_id, user_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX team_members_by_user ON team_members(user_id);

      -- Opaque bearer tokens: only their SHA-256 is stored, so a copied database holds no usable token.
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX sessions_by_user ON sessions(user_id);

      CREATE TABLE customers (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        phones TEXT NOT NULL DEFAULT '[]',
        emails TEXT NOT NULL DEFAULT '[]',
        company TEXT,
        preferred_channel TEXT,
        language TEXT,
        notes TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE customer_phones (
        e164 TEXT NOT NULL,
        customer_id TEXT NOT NULL REFERENCES customers(id),
        PRIMARY KEY (e164, customer_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE tickets (
        id TEXT PRIMARY KEY,
        number INTEGER UNIQUE,
        subject TEXT NOT NULL,
        description TEXT NOT NULL,
        channel TEXT NOT NULL,
        category_id TEXT NOT NULL,
        impact TEXT NOT NULL,
        urgency TEXT NOT NULL,
        priority TEXT NOT NULL,
        status TEXT NOT NULL,
        tier INTEGER NOT NULL DEFAULT 1,
        escalation_level INTEGER NOT NULL DEFAULT 0,
        team_id TEXT REFERENCES teams(id),
        assignee_id TEXT REFERENCES users(id),
        customer_id TEXT REFERENCES customers(id),
        tags TEXT NOT NULL DEFAULT '[]',
        resolution_summary TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        first_responded_at TEXT,
        resolved_at TEXT,
        closed_at TEXT,
        reopen_count INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX tickets_by_team_status ON tickets(team_id, status);
      CREATE INDEX tickets_by_assignee_status ON tickets(assignee_id, status);
      CREATE INDEX tickets_by_customer ON tickets(customer_id);

      -- The ticket's history: status and field changes, escalations, SLA pauses. The SLA engine reads it.
      CREATE TABLE ticket_events (
        id TEXT PRIMARY KEY,
        ticket_id TEXT NOT NULL REFERENCES tickets(id),
        kind TEXT NOT NULL,
        actor_id TEXT,
        at TEXT NOT NULL,
        data TEXT NOT NULL DEFAULT '{}'
      ) STRICT;
      CREATE INDEX ticket_events_by_ticket ON ticket_events(ticket_id, at);

      CREATE TABLE calls (
        id TEXT PRIMARY KEY,
        ticket_id TEXT REFERENCES tickets(id),
        customer_id TEXT REFERENCES customers(id),
        agent_id TEXT NOT NULL REFERENCES users(id),
        direction TEXT NOT NULL,
        number TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        notes TEXT NOT NULL DEFAULT '',
        disposition TEXT
      ) STRICT;
      CREATE INDEX calls_by_ticket ON calls(ticket_id);
      CREATE INDEX calls_by_customer ON calls(customer_id, started_at);

      CREATE TABLE comments (
        id TEXT PRIMARY KEY,
        ticket_id TEXT NOT NULL REFERENCES tickets(id),
        author_id TEXT NOT NULL REFERENCES users(id),
        visibility TEXT NOT NULL CHECK (visibility IN ('internal', 'public')),
        body TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX comments_by_ticket ON comments(ticket_id, created_at);

      -- Who did what, old -> new, from which client; written in the same transaction as the change.
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor_id TEXT,
        client_id TEXT,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        old_value TEXT,
        new_value TEXT
      ) STRICT;
      CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

      -- The next human ticket number to hand out (one row).
      CREATE TABLE ticket_number_counter (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        next_number INTEGER NOT NULL
      ) STRICT;
      INSERT INTO ticket_number_counter (id, next_number) VALUES (1, 1001);
    `,
  },
  {
    version: 3,
    name: 'sync',
    sql: `
      -- The pull cursor: one server-assigned, gap-free, commit-ordered sequence (SQLite has one writer).
      -- prev_* hold the ticket's scope before the change, so a pull can tell a client to drop a ticket
      -- it may no longer see.
      CREATE TABLE changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        entity TEXT NOT NULL CHECK (entity IN ('ticket', 'comment', 'call', 'customer', 'event')),
        entity_id TEXT NOT NULL,
        ticket_id TEXT,
        prev_team_id TEXT,
        prev_assignee_id TEXT,
        prev_escalation_level INTEGER,
        scope_changed INTEGER NOT NULL DEFAULT 0,
        at TEXT NOT NULL
      ) STRICT;

      -- Each sync client (one per browser profile or desktop install) belongs to one user and numbers
      -- its mutations 1, 2, 3 …; last_mutation_id moves in the same transaction as the mutation's effects.
      CREATE TABLE sync_clients (
        client_id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        last_mutation_id INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL
      ) STRICT;

      -- The answer given for each mutation, so a resent duplicate gets the same answer.
      CREATE TABLE mutation_outcomes (
        client_id TEXT NOT NULL,
        mutation_id INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (client_id, mutation_id)
      ) STRICT, WITHOUT ROWID;

      -- Blocks of human ticket numbers handed to a client so it can number tickets created offline.
      CREATE TABLE number_leases (
        client_id TEXT NOT NULL,
        first_number INTEGER NOT NULL,
        last_number INTEGER NOT NULL,
        leased_at TEXT NOT NULL,
        PRIMARY KEY (client_id, first_number)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE sync_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;

      ALTER TABLE tickets ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
      -- Per scalar field, the hybrid logical clock of the edit that set it (last-writer-wins).
      ALTER TABLE tickets ADD COLUMN field_clocks TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE customers ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 4,
    name: 'escalation steps',
    sql: `
      -- Each escalation step a ticket has taken, claimed in the same transaction as its event: the
      -- primary key is what makes a step fire once, across restarts and concurrent scheduler runs.
      CREATE TABLE escalation_steps (
        ticket_id TEXT NOT NULL REFERENCES tickets(id),
        step_key TEXT NOT NULL,
        taken_at TEXT NOT NULL,
        PRIMARY KEY (ticket_id, step_key)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    name: 'SLA deadlines on tickets',
    sql: `
      -- Stored so queues sort by due time and the at-risk queue is a range; recomputed with each change
      -- to the ticket and backfilled at start for rows whose sla_revision is older than the policy's.
      ALTER TABLE tickets ADD COLUMN sla_due_at TEXT;
      ALTER TABLE tickets ADD COLUMN sla_at_risk_at TEXT;
      ALTER TABLE tickets ADD COLUMN sla_revision INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX tickets_sla_revision ON tickets (sla_revision);
    `,
  },
  {
    version: 6,
    name: 'next escalation check on tickets',
    sql: `
      -- When the escalation scheduler must look at a ticket again (null: not until it changes), so each
      -- pass reads the due tickets from an index instead of every open ticket's history.
      ALTER TABLE tickets ADD COLUMN next_escalation_at TEXT;
      CREATE INDEX tickets_next_escalation ON tickets (next_escalation_at) WHERE next_escalation_at IS NOT NULL;
    `,
  },
  {
    version: 7,
    name: 'escalation acknowledgement',
    sql: `
      -- The current escalation on a ticket: since when it waits for a supervisor, and who took it on.
      ALTER TABLE tickets ADD COLUMN escalated_at TEXT;
      ALTER TABLE tickets ADD COLUMN escalation_acknowledged_at TEXT;
      ALTER TABLE tickets ADD COLUMN escalation_acknowledged_by TEXT REFERENCES users(id);
      UPDATE tickets SET escalated_at = (
        SELECT MAX(at) FROM ticket_events
        WHERE ticket_events.ticket_id = tickets.id AND kind = 'escalated'
          AND json_extract(data, '$.toRole') IN ('team_supervisors', 'all_supervisors')
      ) WHERE escalation_level > 0;
      UPDATE tickets SET escalated_at = updated_at WHERE escalation_level > 0 AND escalated_at IS NULL;
      -- Mirrors hold these tickets without the new fields: a change for each sends them again.
      INSERT INTO changes (entity, entity_id, ticket_id, at)
        SELECT 'ticket', id, id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM tickets WHERE escalation_level > 0;
      UPDATE tickets SET version = (SELECT MAX(seq) FROM changes WHERE changes.entity = 'ticket' AND changes.entity_id = tickets.id)
        WHERE escalation_level > 0;
    `,
  },
];

/** Applies every pending migration, each in its own transaction together with its version row. */
export function runMigrations(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const applied = new Set(
    db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[],
  );
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  let count = 0;
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    })();
    count++;
  }
  return count;
}

export function schemaVersion(db: Database.Database): number {
  return (db.prepare('SELECT COALESCE(MAX(version), 0) FROM schema_migrations').pluck().get() as number) ?? 0;
}
