import type { CountryCode } from 'libphonenumber-js/min';
import type { Team } from '../../core/people/team';
import type { Role } from '../../core/people/user';
import { DEFAULT_BUSINESS_CALENDAR, type BusinessCalendar } from '../../core/sla/business-calendar';
import type { MirrorDb } from '../sync/mirror-db';

/** Teams and their calendars, kept in the mirror so SLA clocks and routing choices work offline. */
export interface Person {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly teamIds: readonly string[];
}

export interface WorkspaceConfig {
  readonly teams: readonly Team[];
  readonly people: readonly Person[];
  readonly calendarsByTeam: Readonly<Record<string, BusinessCalendar>>;
  /** Numbers typed without a country code are read in this country (older servers did not send it). */
  readonly defaultCountry?: CountryCode;
}

export const FALLBACK_COUNTRY: CountryCode = 'GB';
export const countryOf = (workspace: WorkspaceConfig | undefined): CountryCode => workspace?.defaultCountry ?? FALLBACK_COUNTRY;

const KEY = 'workspace';
export const EMPTY_WORKSPACE: WorkspaceConfig = { teams: [], people: [], calendarsByTeam: {} };

export async function refreshWorkspace(db: MirrorDb, server: { baseUrl: string; token: string }): Promise<void> {
  const response = await fetch(`${server.baseUrl}/api/workspace`, { headers: { authorization: `Bearer ${server.token}` } });
  if (!response.ok) return;
  await db.meta.put({ key: KEY, value: (await response.json()) as WorkspaceConfig });
}

export async function loadWorkspace(db: MirrorDb): Promise<WorkspaceConfig> {
  return ((await db.meta.get(KEY))?.value as WorkspaceConfig | undefined) ?? EMPTY_WORKSPACE;
}

export function calendarOf(workspace: WorkspaceConfig, teamId: string | null): BusinessCalendar {
  return (teamId ? workspace.calendarsByTeam[teamId] : undefined) ?? DEFAULT_BUSINESS_CALENDAR;
}
