import { describe, expect, it } from 'vitest';
import { DEFAULT_BUSINESS_CALENDAR } from '../../../core/sla/business-calendar';
import { computeSla, type SlaEvent } from '../../../core/sla/sla-engine';
import { DEFAULT_SLA_POLICY } from '../../../core/sla/sla-policy';
import { slaTimelineEntries } from '../../../renderer/tickets/sla-timeline';

const HOLIDAYS = { ...DEFAULT_BUSINESS_CALENDAR, holidays: ['2026-12-25'] }; // Mon–Fri 09:00–17:00, London

describe('the SLA clocks in the ticket timeline', () => {
  it('say when each clock started, paused and why, ran again and stopped, without listing every night', () => {
    const events: SlaEvent[] = [
      { kind: 'created', at: '2026-12-23T09:00:00.000Z', priority: 'low', status: 'new' },
      { kind: 'responded', at: '2026-12-23T10:00:00.000Z' },
      { kind: 'status_changed', at: '2026-12-23T11:00:00.000Z', status: 'pending_customer' },
      { kind: 'status_changed', at: '2026-12-24T10:00:00.000Z', status: 'open' },
    ];
    const report = computeSla(events, DEFAULT_SLA_POLICY, HOLIDAYS, new Date('2026-12-29T12:00:00.000Z'));
    expect(slaTimelineEntries(report).map((e) => [e.at, e.title])).toEqual([
      ['2026-12-23T09:00:00.000Z', 'First-response clock started'],
      ['2026-12-23T10:00:00.000Z', 'First-response clock stopped within its target'],
      ['2026-12-23T09:00:00.000Z', 'Resolution clock started'],
      ['2026-12-23T11:00:00.000Z', 'Resolution clock paused: Pending customer'],
      ['2026-12-24T10:00:00.000Z', 'Resolution clock running again'],
      ['2026-12-25T00:00:00.000Z', 'Resolution clock paused: Holiday (2026-12-25)'],
      ['2026-12-28T09:00:00.000Z', 'Resolution clock running again'],
    ]);
  });
});
