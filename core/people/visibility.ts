import type { Role } from './user';

export interface Viewer {
  readonly id: string;
  readonly role: Role;
  readonly teamIds: readonly string[];
}

export interface TicketScope {
  readonly teamId: string | null;
  readonly assigneeId: string | null;
  readonly escalationLevel: number;
}

/**
 * Escalation level from which a ticket has gone past its own team's supervisors to every supervisor
 * (the ladder's "next level").
 */
export const ORGANISATION_ESCALATION_LEVEL = 2;

/**
 * Who may see a ticket. Partial replication and authorization are the same rule: a client mirrors
 * exactly the tickets this returns true for. Agents: their teams' tickets and tickets assigned to them.
 * Supervisors: the same, plus unrouted tickets (so they can route them) and tickets escalated to the
 * organisation level. Admins: everything.
 */
export function canSeeTicket(viewer: Viewer, ticket: TicketScope): boolean {
  if (viewer.role === 'admin') return true;
  if (ticket.assigneeId === viewer.id) return true;
  if (ticket.teamId !== null && viewer.teamIds.includes(ticket.teamId)) return true;
  if (viewer.role === 'supervisor') {
    return ticket.teamId === null || ticket.escalationLevel >= ORGANISATION_ESCALATION_LEVEL;
  }
  return false;
}
