import type { IncomingMessage, ServerResponse } from 'node:http';
import { teamCalendars } from '../escalation/sla-inputs';
import { requireUser } from './authenticate';
import { sendJson } from './json-response';
import type { HttpServices } from './services';

/**
 * The workspace's shape every workstation needs offline: teams (what they handle, their calendar) and the
 * business calendars SLA clocks run on. Small, and fetched again on every connect.
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
  sendJson(res, 200, { teams, calendarsByTeam: calendars });
}
