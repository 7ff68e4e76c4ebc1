import { describe, expect, it } from 'vitest';
import type { Team } from '../../../../core/people/team';
import type { User } from '../../../../core/people/user';
import { routeTicket, type AgentLoad } from '../../../../core/routing/routing';

const teams: Team[] = [
  { id: 'tech', name: 'Technical Support', categoryIds: ['technical', 'bug-report'], calendarId: 'ldn' },
  { id: 'billing', name: 'Billing', categoryIds: ['billing'], calendarId: 'ldn' },
];
const agent = (id: string, patch: Partial<User> = {}): User => ({ id, name: id.toUpperCase(), email: `${id}@x`, role: 'agent', teamIds: ['tech'], skills: [], capacity: 10, availability: 'available', ...patch });
const load = (user: User, openTickets: number): AgentLoad => ({ user, openTickets });

describe('routing', () => {
  it('sends a category to its team and to the available agent with the most room under capacity', () => {
    // a: 6/10, b: 2/10 = 20 %, c: 1/4 = 25 %: b has the most room.
    const decision = routeTicket({ categoryId: 'technical' }, teams, [load(agent('a'), 6), load(agent('b'), 2), load(agent('c', { capacity: 4 }), 1)]);
    expect(decision).toEqual({ teamId: 'tech', assigneeId: 'b', reason: 'Assigned to B: available, 2 of 10 open tickets.' });
  });

  it('needs the skills the ticket asks for', () => {
    const decision = routeTicket({ categoryId: 'technical', requiredSkills: ['spanish'] }, teams, [load(agent('a'), 0), load(agent('b', { skills: ['spanish', 'networking'] }), 5)]);
    expect(decision.assigneeId).toBe('b');
  });

  it('passes over agents who are full, away, on a call, offline, in another team, or not agents', () => {
    const agents = [
      load(agent('full', { capacity: 3 }), 3),
      load(agent('away', { availability: 'away' }), 0),
      load(agent('calling', { availability: 'on_call' }), 0),
      load(agent('gone', { availability: 'offline' }), 0),
      load(agent('billing', { teamIds: ['billing'] }), 0),
      load(agent('boss', { role: 'supervisor' }), 0),
    ];
    expect(routeTicket({ categoryId: 'technical' }, teams, agents)).toEqual({
      teamId: 'tech',
      assigneeId: null,
      reason: 'Nobody in Technical Support is available with capacity; left in the team queue.',
    });
  });

  it('breaks ties by fewer open tickets, then by id, so the same input routes the same way', () => {
    expect(routeTicket({ categoryId: 'technical' }, teams, [load(agent('z', { capacity: 20 }), 4), load(agent('y'), 2)]).assigneeId).toBe('y');
    expect(routeTicket({ categoryId: 'technical' }, teams, [load(agent('n'), 1), load(agent('m'), 1)]).assigneeId).toBe('m');
  });

  it('leaves a category no team handles for a supervisor', () => {
    expect(routeTicket({ categoryId: 'feature-request' }, teams, [load(agent('a'), 0)])).toEqual({
      teamId: null,
      assigneeId: null,
      reason: 'No team handles "feature-request"; left for a supervisor to route.',
    });
  });
});
