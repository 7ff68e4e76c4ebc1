import { ORGANISATION_ESCALATION_LEVEL } from '../../core/people/visibility';
import type { Selectable } from 'kysely';
import { readInSlices } from '../storage/in-slices';
import type { Db } from '../storage/query-builder';
import type { ChangesTable } from '../storage/schema';
import type { PageRows } from './change-log-tail';

/** Socket.IO rooms a connection joins, named after what decides visibility. */
export const rooms = {
  user: (id: string) => `user:${id}`,
  team: (id: string) => `team:${id}`,
  /** The supervisors of one team: who hears of its people's availability. */
  teamSupervisors: (id: string) => `team-supervisors:${id}`,
  supervisors: 'role:supervisor',
  admins: 'role:admin',
  everyone: 'everyone',
} as const;

/**
 * Which rooms may see the changes committed after `afterSeq`: the ticket's team and assignee before
 * and after the change, supervisors for unrouted and organisation-level tickets, admins always.
 * Customers and calls without a ticket concern everyone. Mirrors `canSeeTicket`, widened, never narrowed.
 * That is a correctness rule, not only freshness: a socket not poked for a range is taken to have nothing
 * in it (`PokeSender` starts its next page after it), so a missed poke would hide a change for good.
 */
export async function pokeRooms(db: Db, afterSeq: number, uptoSeq: number): Promise<Set<string>> {
  const changes = await db
    .selectFrom('changes')
    .leftJoin('tickets', 'tickets.id', 'changes.ticket_id')
    .select([
      'changes.ticket_id',
      'changes.prev_team_id',
      'changes.prev_assignee_id',
      'changes.prev_escalation_level',
      'changes.scope_changed',
      'tickets.team_id',
      'tickets.assignee_id',
      'tickets.escalation_level',
    ])
    .where('changes.seq', '>', afterSeq)
    .where('changes.seq', '<=', uptoSeq)
    .execute();
  return roomsFor(changes);
}

/**
 * The same for changes already in memory (a commit too large for a poke to carry): only their tickets'
 * scope is read, three columns by id, instead of joining the log's rows again in SQLite.
 */
export async function entryRooms(db: Db, changes: ReadonlyArray<Selectable<ChangesTable>>): Promise<Set<string>> {
  const ids = [...new Set(changes.map((c) => c.ticket_id).filter((id): id is string => id !== null))];
  const scopes = new Map(
    (await readInSlices(ids, (slice) => db.selectFrom('tickets').select(['id', 'team_id', 'assignee_id', 'escalation_level']).where('id', 'in', slice).execute())).map((t) => [t.id, t]),
  );
  return roomsFor(changes.map((change) => scoped(change, change.ticket_id ? scopes.get(change.ticket_id) : undefined)));
}

/** The same for a page already in memory (its changes and their tickets' current rows): no query. */
export function pageRooms(page: PageRows): Set<string> {
  return roomsFor(page.changes.map((change) => scoped(change, change.ticket_id ? page.tickets.get(change.ticket_id) : undefined)));
}

type TicketScopeNow = { readonly team_id: string | null; readonly assignee_id: string | null; readonly escalation_level: number };

/** A change with its ticket's scope now (null fields when the ticket row is gone). */
function scoped(change: Selectable<ChangesTable>, ticket: TicketScopeNow | undefined): ScopedChange {
  // Named field by field, not `{ ...change, more }`: slow on Node 20 for every change of every poke (docs/performance.md, "Spreads on Node 20").
  return {
    ticket_id: change.ticket_id,
    prev_team_id: change.prev_team_id,
    prev_assignee_id: change.prev_assignee_id,
    prev_escalation_level: change.prev_escalation_level,
    scope_changed: change.scope_changed,
    team_id: ticket?.team_id ?? null,
    assignee_id: ticket?.assignee_id ?? null,
    escalation_level: ticket?.escalation_level ?? null,
  };
}

/** A change with its ticket's scope before it and now (now: null fields when the ticket row is gone). */
interface ScopedChange {
  readonly ticket_id: string | null;
  readonly prev_team_id: string | null;
  readonly prev_assignee_id: string | null;
  readonly prev_escalation_level: number | null;
  readonly scope_changed: number;
  readonly team_id: string | null;
  readonly assignee_id: string | null;
  readonly escalation_level: number | null;
}

function roomsFor(changes: Iterable<ScopedChange>): Set<string> {
  const targets = new Set<string>([rooms.admins]);
  for (const change of changes) {
    if (change.ticket_id === null) {
      targets.add(rooms.everyone);
      continue;
    }
    for (const team of [change.team_id, change.prev_team_id]) if (team) targets.add(rooms.team(team));
    for (const user of [change.assignee_id, change.prev_assignee_id]) if (user) targets.add(rooms.user(user));
    const orgLevel = Math.max(change.escalation_level ?? 0, change.prev_escalation_level ?? 0) >= ORGANISATION_ESCALATION_LEVEL;
    // Unrouted before this change: every supervisor saw it, and those outside its new team must drop it.
    const wasUnrouted = Boolean(change.scope_changed) && change.prev_escalation_level !== null && change.prev_team_id === null;
    if (change.team_id === null || orgLevel || wasUnrouted) targets.add(rooms.supervisors);
  }
  return targets;
}
