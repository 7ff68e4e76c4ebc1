import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BUSINESS_CALENDAR } from '../../../../core/sla/business-calendar';
import { slaDeadlines, thresholdAt } from '../../../../core/sla/sla-deadlines';
import { computeSla, type SlaEvent } from '../../../../core/sla/sla-engine';
import { DEFAULT_SLA_POLICY } from '../../../../core/sla/sla-policy';
import type { Priority } from '../../../../core/ticket/priority';

const LONDON = DEFAULT_BUSINESS_CALENDAR; // Mon–Fri 09:00–17:00
const created = (at: string, priority: Priority = 'medium'): SlaEvent => ({ kind: 'created', at, priority, status: 'new' });
const report = (events: SlaEvent[], now: string) => computeSla(events, DEFAULT_SLA_POLICY, LONDON, new Date(now));

describe('SLA deadlines stored on tickets', () => {
  it('due is the first running clock to run out; at risk is its 75 % mark, in business time', () => {
    // High: first response 4 h → due Monday 13:00, at risk at 3 h → 12:00.
    const events = [created('2026-11-23T09:00:00.000Z', 'high')];
    expect(slaDeadlines(report(events, '2026-11-23T09:30:00.000Z'), 75, LONDON, new Date('2026-11-23T09:30:00.000Z'))).toEqual({
      dueAt: '2026-11-23T13:00:00.000Z',
      atRiskAt: '2026-11-23T12:00:00.000Z',
    });
  });

  it('after the first response only the resolution clock counts; a past crossing is found in the segments', () => {
    // Medium resolution 72 h: 75 % = 54 business hours = 6 days 6 h → the Tuesday after next, 15:00.
    const events: SlaEvent[] = [created('2026-11-23T09:00:00.000Z'), { kind: 'responded', at: '2026-11-23T10:00:00.000Z' }];
    const now = '2026-12-02T16:00:00.000Z';
    const deadlines = slaDeadlines(report(events, now), 75, LONDON, new Date(now));
    expect(deadlines).toEqual({ dueAt: '2026-12-03T17:00:00.000Z', atRiskAt: '2026-12-01T15:00:00.000Z' });
  });

  it('a paused or resolved ticket has no deadline: nothing runs out while it waits', () => {
    const paused: SlaEvent[] = [created('2026-11-23T09:00:00.000Z'), { kind: 'status_changed', at: '2026-11-23T10:00:00.000Z', status: 'pending_customer' }];
    expect(slaDeadlines(report(paused, '2026-11-23T11:00:00.000Z'), 75, LONDON, new Date('2026-11-23T11:00:00.000Z')).atRiskAt).not.toBeNull(); // first response still runs
    const answered: SlaEvent[] = [...paused, { kind: 'responded', at: '2026-11-23T09:30:00.000Z' }];
    expect(slaDeadlines(report(answered, '2026-11-23T11:00:00.000Z'), 75, LONDON, new Date('2026-11-23T11:00:00.000Z'))).toEqual({ dueAt: null, atRiskAt: null });
    const resolved: SlaEvent[] = [created('2026-11-23T09:00:00.000Z'), { kind: 'status_changed', at: '2026-11-23T10:00:00.000Z', status: 'resolved' }];
    expect(slaDeadlines(report(resolved, '2026-11-23T11:00:00.000Z'), 75, LONDON, new Date('2026-11-23T11:00:00.000Z'))).toEqual({ dueAt: null, atRiskAt: null });
  });

  it('the crossing instant does not depend on when it is computed, before or after it (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 * 24 * 60 }), fc.integer({ min: 0, max: 30 * 24 * 60 }), fc.constantFrom(50, 75, 90, 100), (a, b, percent) => {
        const events = [created('2026-11-23T09:00:00.000Z', 'low')];
        const at = (minutes: number) => new Date(Date.parse('2026-11-23T09:00:00.000Z') + minutes * 60_000);
        const first = thresholdAt(report(events, at(a).toISOString()).resolution, percent, LONDON, at(a));
        const second = thresholdAt(report(events, at(b).toISOString()).resolution, percent, LONDON, at(b));
        expect(first).toBe(second);
      }),
      { numRuns: 60 },
    );
  });

  it('stored deadlines do not move as time passes, to the millisecond: a scheduler pass must not re-send an unchanged ticket (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 * 24 * 3_600_000 }),
        fc.integer({ min: 0, max: 10 * 24 * 3_600_000 }),
        fc.constantFrom<Priority>('low', 'medium', 'high', 'critical'),
        (a, b, priority) => {
          const events = [created('2026-11-23T09:17:23.456Z', priority)];
          const at = (ms: number) => new Date(Date.parse('2026-11-23T09:17:23.456Z') + ms);
          const first = slaDeadlines(report(events, at(a).toISOString()), 75, LONDON, at(a));
          const second = slaDeadlines(report(events, at(b).toISOString()), 75, LONDON, at(b));
          expect(first).toEqual(second);
        },
      ),
      { numRuns: 200 },
    );
  });
});
