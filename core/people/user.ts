export const ROLES = ['agent', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Supervisors and admins oversee teams: they answer escalations and watch the team board. */
export const supervises = (role: Role): boolean => role === 'supervisor' || role === 'admin';

export const AVAILABILITIES = ['available', 'on_call', 'away', 'offline'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

export const AVAILABILITY_LABELS: Readonly<Record<Availability, string>> = {
  available: 'Available',
  on_call: 'On a call',
  away: 'Away',
  offline: 'Offline',
};

export interface User {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: Role;
  readonly teamIds: readonly string[];
  /** Free-form skill ids ("spanish", "billing-disputes") matched against what a ticket needs. */
  readonly skills: readonly string[];
  /** How many open tickets this person can carry before routing passes them over. */
  readonly capacity: number;
  readonly availability: Availability;
}
