import type { Selectable } from 'kysely';
import { DEFAULT_BUSINESS_CALENDAR, validateBusinessCalendar, type BusinessCalendar } from '../../core/sla/business-calendar';
import type { SlaEvent } from '../../core/sla/sla-engine';
import { slaEventsFromHistory } from '../../core/sla/sla-history';
import { toTicketEvent } from '../sync/row-mappers';
import type { Db } from '../storage/query-builder';
import type { TicketEventsTable } from '../storage/schema';

/** The SLA engine's view of a ticket's stored history. */
export function slaEventsOf(rows: ReadonlyArray<Selectable<TicketEventsTable>>): SlaEvent[] {
  return slaEventsFromHistory(rows.map(toTicketEvent));
}

/** Each team's business calendar; a team without a valid one runs on the default so its clocks still run. */
export async function teamCalendars(db: Db): Promise<Map<string, BusinessCalendar>> {
  const calendars = new Map<string, BusinessCalendar>();
  for (const row of await db.selectFrom('calendars').selectAll().execute()) {
    const checked = validateBusinessCalendar({ id: row.id, name: row.name, timeZone: row.time_zone, weeklyHours: JSON.parse(row.weekly_hours), holidays: JSON.parse(row.holidays) });
    if (checked.ok) calendars.set(row.id, checked.value);
  }
  const byTeam = new Map<string, BusinessCalendar>();
  for (const team of await db.selectFrom('teams').select(['id', 'calendar_id']).execute()) {
    byTeam.set(team.id, calendars.get(team.calendar_id) ?? DEFAULT_BUSINESS_CALENDAR);
  }
  return byTeam;
}
