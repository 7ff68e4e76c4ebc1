import type { Team } from '../people/team';
import type { User } from '../people/user';

export interface AgentLoad {
  readonly user: User;
  readonly openTickets: number;
}

export interface RoutingDecision {
  readonly teamId: string | null;
  readonly assigneeId: string | null;
  /** Said on the ticket's timeline, so nobody wonders why it landed where it did. */
  readonly reason: string;
}

/**
 * Where a new ticket goes: the team that handles its category, then inside it the available agent who
 * has the needed skills and the most room under their capacity (ties: fewer open tickets, then id, so
 * the same input always routes the same way). Nobody suitable: the team queue.
 */
export function routeTicket(
  input: { readonly categoryId: string; readonly requiredSkills?: readonly string[] },
  teams: readonly Team[],
  agents: readonly AgentLoad[],
): RoutingDecision {
  const team = teams.find((t) => t.categoryIds.includes(input.categoryId));
  if (!team) return { teamId: null, assigneeId: null, reason: `No team handles "${input.categoryId}"; left for a supervisor to route.` };
  const skills = input.requiredSkills ?? [];
  const candidates = agents
    .filter(({ user, openTickets }) =>
      user.role === 'agent' &&
      user.teamIds.includes(team.id) &&
      user.availability === 'available' &&
      openTickets < user.capacity &&
      skills.every((skill) => user.skills.includes(skill)),
    )
    .sort((a, b) => a.openTickets / a.user.capacity - b.openTickets / b.user.capacity || a.openTickets - b.openTickets || (a.user.id < b.user.id ? -1 : 1));
  const chosen = candidates[0];
  if (!chosen) {
    const needs = skills.length ? ` with ${skills.join(', ')}` : '';
    return { teamId: team.id, assigneeId: null, reason: `Nobody in ${team.name}${needs} is available with capacity; left in the team queue.` };
  }
  return { teamId: team.id, assigneeId: chosen.user.id, reason: `Assigned to ${chosen.user.name}: available, ${chosen.openTickets} of ${chosen.user.capacity} open tickets.` };
}
