import { describe, expect, it } from 'vitest';
import type { TicketEvent, TicketEventKind } from '../../../core/ticket/ticket-event';
import { describeEvent, type EventNames } from '../../../renderer/tickets/describe-event';

const names: EventNames = {
  person: (id) => (id === 'u-ada' ? 'Ada' : id ? 'a colleague' : 'Switchboard'),
  team: (id) => (id === 'team-billing' ? 'Billing' : 'another team'),
};
const event = (kind: TicketEventKind, data: Record<string, unknown>): TicketEvent => ({ id: 'e1', ticketId: 't1', kind, actorId: 'u-ada', at: '2026-12-07T09:00:00.000Z', data });

describe('a ticket timeline line for an edit', () => {
  it('names the priority it moved and every field of the edit with its values', () => {
    const line = describeEvent(event('priority_changed', { from: 'high', to: 'critical', changes: { impact: { from: 'medium', to: 'high' }, subject: { from: 'a', to: 'b' } } }), names);
    expect(line).toBe('Priority: high → critical (Impact: medium → high; Subject changed)');
  });

  it('names categories, teams and assignees as the agent knows them', () => {
    const line = describeEvent(
      event('field_changed', { changes: { categoryId: { from: 'technical', to: 'billing' }, teamId: { from: 'team-x', to: 'team-billing' }, assigneeId: { from: 'u-ada', to: null } } }),
      names,
    );
    expect(line).toBe('Category: Technical → Billing; Team: another team → Billing; Assignee: Ada → nobody (team queue)');
  });

  it('still reads the entries written one per field before, and a priority entry without fields', () => {
    expect(describeEvent(event('field_changed', { field: 'urgency', from: 'low', to: 'high' }), names)).toBe('Urgency: low → high');
    expect(describeEvent(event('field_changed', { field: 'description', from: 'x', to: 'y' }), names)).toBe('Description changed');
    expect(describeEvent(event('priority_changed', { from: 'low', to: 'medium' }), names)).toBe('Priority: low → medium');
  });

  it('names a change of customer, free text or an unknown field without its values', () => {
    const line = describeEvent(event('field_changed', { changes: { customerId: { from: 'c-1', to: 'c-2' }, description: { from: 'x', to: 'y' }, someNewField: { from: 'a', to: 'b' } } }), names);
    expect(line).toBe('Customer changed; Description changed; someNewField changed');
    expect(describeEvent(event('edit_lost', { field: 'categoryId', value: 'billing', keptValue: 'technical' }), names)).toBe('A later edit of category was kept; this one is saved in history');
  });

  it('does not break on an entry whose changes are not what it expects', () => {
    expect(describeEvent(event('field_changed', { changes: 'garbage' }), names)).toBe('Ticket edited');
    expect(describeEvent(event('field_changed', { changes: { impact: null } }), names)).toBe('Ticket edited');
  });
});
