import type { BoardAgent } from '../../core/protocol/presence';
import type { User } from '../../core/people/user';
import { visibleTo } from '../repositories/tickets-repository';
import type { Db } from '../storage/query-builder';
import type { PresenceRegistry } from './presence-registry';

const DONE = ['resolved', 'closed'];

/**
 * The supervisor's live board: every agent of their teams (every team for an admin, or a supervisor in
 * none) with availability, load against capacity, at-risk count and oldest open ticket. Load counts
 * all the agent's open tickets, as routing does; the oldest ticket is only named if the supervisor may
 * see it.
 */
export async function teamBoard(db: Db, viewer: User, presence: PresenceRegistry, now: Date): Promise<BoardAgent[]> {
  const everyTeam = viewer.role === 'admin' || viewer.teamIds.length === 0;
  let members = db.selectFrom('team_members').innerJoin('users', 'users.id', 'team_members.user_id').select(['users.id', 'users.name', 'users.role', 'users.capacity', 'team_members.team_id']).where('users.disabled', '=', 0).where('users.role', '=', 'agent');
  if (!everyTeam) members = members.where('team_members.user_id', 'in', db.selectFrom('team_members').select('user_id').where('team_id', 'in', [...viewer.teamIds]));
  const rows = await members.orderBy('users.name').execute();
  const agents = new Map<string, { id: string; name: string; role: User['role']; capacity: number; teamIds: string[] }>();
  for (const row of rows) {
    const agent = agents.get(row.id) ?? { id: row.id, name: row.name, role: row.role, capacity: row.capacity, teamIds: [] };
    agent.teamIds.push(row.team_id);
    agents.set(row.id, agent);
  }
  const ids = [...agents.keys()];
  if (ids.length === 0) return [];
  const at = now.toISOString();
  const loads = await db
    .selectFrom('tickets')
    .select(['assignee_id', (eb) => eb.fn.countAll<number>().as('open'), (eb) => eb.fn.sum<number>(eb.case().when('sla_at_risk_at', '<=', at).then(1).else(0).end()).as('at_risk')])
    .where('assignee_id', 'in', ids)
    .where('status', 'not in', DONE)
    .groupBy('assignee_id')
    .execute();
  const loadOf = new Map(loads.map((l) => [l.assignee_id, { open: Number(l.open), atRisk: Number(l.at_risk ?? 0) }]));
  const board: BoardAgent[] = [];
  for (const agent of agents.values()) {
    const load = loadOf.get(agent.id) ?? { open: 0, atRisk: 0 };
    const oldest =
      load.open === 0
        ? undefined
        : await db.selectFrom('tickets').select(['id', 'number', 'created_at']).where('assignee_id', '=', agent.id).where('status', 'not in', DONE).where(visibleTo(viewer)).orderBy('created_at').limit(1).executeTakeFirst();
    board.push({
      ...agent,
      availability: presence.availabilityOf(agent.id),
      openTickets: load.open,
      atRisk: load.atRisk,
      oldestOpen: oldest ? { ticketId: oldest.id, number: oldest.number, createdAt: oldest.created_at } : null,
    });
  }
  return board;
}
