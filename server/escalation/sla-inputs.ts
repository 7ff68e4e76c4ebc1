import type { Selectable, Transaction } from 'kysely';
import { DEFAULT_BUSINESS_CALENDAR, validateBusinessCalendar, type BusinessCalendar } from '../../core/sla/business-calendar';
import type { SlaEvent } from '../../core/sla/sla-engine';
import { slaEventsFromHistory } from '../../core/sla/sla-history';
import { toTicketEvent } from '../sync/row-mappers';
import { prepareQuery } from '../storage/prepared-query';
import type { Db } from '../storage/query-builder';
import type { CalendarsTable, StorageSchema, TicketEventsTable } from '../storage/schema';

/** The SLA engine's view of a ticket's stored history. */
export function slaEventsOf(rows: ReadonlyArray<Selectable<TicketEventsTable>>): SlaEvent[] {
  return slaEventsFromHistory(rows.map(toTicketEvent));
}

/** Validated calendars by their stored text, so an unchanged calendar is the same object (its days stay memoised). */
const checkedCalendars = new Map<string, BusinessCalendar | null>();
const CALENDARS_KEPT = 1_000;

function checkedCalendar(row: Selectable<CalendarsTable>): BusinessCalendar | null {
  const key = JSON.stringify([row.id, row.name, row.time_zone, row.weekly_hours, row.holidays]);
  let calendar = checkedCalendars.get(key);
  if (calendar === undefined) {
    const checked = validateBusinessCalendar({ id: row.id, name: row.name, timeZone: row.time_zone, weeklyHours: JSON.parse(row.weekly_hours), holidays: JSON.parse(row.holidays) });
    calendar = checked.ok ? checked.value : null;
    if (checkedCalendars.size >= CALENDARS_KEPT) checkedCalendars.clear();
    checkedCalendars.set(key, calendar);
  }
  return calendar;
}

// Read for every ticket whose clocks are computed: prepared once (server/storage/prepared-query.ts).
const allCalendars = prepareQuery((db) => db.selectFrom('calendars').selectAll());
const teamCalendarIds = prepareQuery((db) => db.selectFrom('teams').select(['id', 'calendar_id']));
const historyOf = prepareQuery((db, p: { ticketId: string }) => db.selectFrom('ticket_events').selectAll().where('ticket_id', '=', p.ticketId).orderBy('at'));
const stepsTaken = prepareQuery((db, p: { ticketId: string }) => db.selectFrom('escalation_steps').select('step_key').where('ticket_id', '=', p.ticketId));

/** A ticket's stored history, oldest first: what its SLA clocks are computed from. */
export function ticketHistory(db: Db, ticketId: string): Promise<Array<Selectable<TicketEventsTable>>> {
  return historyOf.execute(db, { ticketId });
}

/** The escalation steps already taken for a ticket. */
export async function takenStepKeys(db: Db, ticketId: string): Promise<string[]> {
  return (await stepsTaken.execute(db, { ticketId })).map((row) => row.step_key);
}

/**
 * The same, read once per transaction: a push of 100 mutations refreshes deadlines 100 times, and the two
 * reads with their checks were 7 % of the server's time in the Chromium drain. Nothing a transaction does
 * writes calendars or teams, so within one they cannot change.
 */
const calendarsOfTransaction = new WeakMap<Transaction<StorageSchema>, Promise<Map<string, BusinessCalendar>>>();
export function transactionCalendars(trx: Transaction<StorageSchema>): Promise<Map<string, BusinessCalendar>> {
  let calendars = calendarsOfTransaction.get(trx);
  if (!calendars) {
    calendars = teamCalendars(trx);
    calendarsOfTransaction.set(trx, calendars);
    // A failed read is not kept: the next caller reads again (and meets the failure itself).
    calendars.catch(() => calendarsOfTransaction.delete(trx));
  }
  return calendars;
}

/** Each team's business calendar; a team without a valid one runs on the default so its clocks still run. */
export async function teamCalendars(db: Db): Promise<Map<string, BusinessCalendar>> {
  const calendars = new Map<string, BusinessCalendar>();
  for (const row of await allCalendars.execute(db, {})) {
    const calendar = checkedCalendar(row);
    if (calendar) calendars.set(row.id, calendar);
  }
  const byTeam = new Map<string, BusinessCalendar>();
  for (const team of await teamCalendarIds.execute(db, {})) {
    byTeam.set(team.id, calendars.get(team.calendar_id) ?? DEFAULT_BUSINESS_CALENDAR);
  }
  return byTeam;
}
