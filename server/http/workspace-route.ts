import type { IncomingMessage, ServerResponse } from 'node:http';
import { teamCalendars } from '../escalation/sla-inputs';
import { requireUser } from './authenticate';
import { sendJson } from './json-response';
import type { HttpServices } from './services';

/**
 * The workspace's shape every workstation needs offline: teams (what they handle, their calendar), the
 * business calendars SLA clocks run on, and who tickets can be assigned to. Small, fetched on every connect.
 */
export async function workspace(req: IncomingMessage, res: ServerResponse, services: HttpServices): Promise<void> {
  const user = await requireUser(req, res, services);
  if (!user) return;
  const teams = (await services.db.selectFrom('teams').selectAll().orderBy('name').execute()).map((t) => ({
    id: t.id,
    name: t.name,
    calendarId: t.calendar_id,
    categoryIds: JSON.parse(t.category_ids) as string[],
  }));
  const calendars = Object.fromEntries(await teamCalendars(services.db));
  // Who a ticket can be assigned to: names and teams only, no contact details.
  const members = await services.db.selectFrom('team_members').select(['user_id', 'team_id']).execute();
  const people = (await services.db.selectFrom('users').select(['id', 'name', 'role']).where('disabled', '=', 0).orderBy('name').execute()).map((u) => ({
    ...u,
    teamIds: members.filter((m) => m.user_id === u.id).map((m) => m.team_id),
  }));
  sendJson(res, 200, { teams, calendarsByTeam: calendars, people, defaultCountry: services.defaultCountry });
}
