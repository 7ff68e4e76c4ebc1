import { describe, expect, it } from 'vitest';
import { canSeeTicket } from '../../../core/people/visibility';

const agent = { id: 'ada', role: 'agent' as const, teamIds: ['tech'] };
const supervisor = { id: 'sam', role: 'supervisor' as const, teamIds: ['tech'] };
const admin = { id: 'root', role: 'admin' as const, teamIds: [] };
const ticket = (teamId: string | null, assigneeId: string | null = null, escalationLevel = 0) => ({ teamId, assigneeId, escalationLevel });

describe('who may see a ticket', () => {
  it('agents: their teams and what is assigned to them, nothing else', () => {
    expect(canSeeTicket(agent, ticket('tech'))).toBe(true);
    expect(canSeeTicket(agent, ticket('billing', 'ada'))).toBe(true);
    expect(canSeeTicket(agent, ticket('billing'))).toBe(false);
    expect(canSeeTicket(agent, ticket(null))).toBe(false);
    expect(canSeeTicket(agent, ticket('billing', null, 3))).toBe(false);
  });

  it('supervisors: their teams, unrouted tickets, and organisation-level escalations', () => {
    expect(canSeeTicket(supervisor, ticket('tech'))).toBe(true);
    expect(canSeeTicket(supervisor, ticket(null))).toBe(true);
    expect(canSeeTicket(supervisor, ticket('billing', null, 1))).toBe(false);
    expect(canSeeTicket(supervisor, ticket('billing', null, 2))).toBe(true);
  });

  it('admins: everything', () => {
    expect(canSeeTicket(admin, ticket('billing'))).toBe(true);
    expect(canSeeTicket(admin, ticket(null))).toBe(true);
  });
});
