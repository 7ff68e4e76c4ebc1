import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BUSINESS_CALENDAR, type BusinessCalendar } from '../../../../core/sla/business-calendar';
import { businessMinutesBetween } from '../../../../core/sla/business-time';
import { computeSla, type SlaEvent } from '../../../../core/sla/sla-engine';
import { DEFAULT_SLA_POLICY, targetMinutes, validateSlaPolicy } from '../../../../core/sla/sla-policy';
import type { Priority } from '../../../../core/ticket/priority';
import { TICKET_STATUSES } from '../../../../core/ticket/status';

const LONDON = DEFAULT_BUSINESS_CALENDAR; // Mon–Fri 09:00–17:00
const HOLIDAYS: BusinessCalendar = { ...LONDON, holidays: ['2026-12-25', '2026-12-28'] };
const sla = (events: SlaEvent[], now: string, calendar = LONDON) => computeSla(events, DEFAULT_SLA_POLICY, calendar, new Date(now));
const created = (at: string, priority: Priority = 'medium'): SlaEvent => ({ kind: 'created', at, priority, status: 'new' });

describe('SLA clocks', () => {
  it('run in business hours and promise a due time in business time', () => {
    const report = sla([created('2026-11-23T09:00:00.000Z')], '2026-11-23T12:00:00.000Z');
    expect(report.resolution).toMatchObject({ targetMinutes: 72 * 60, elapsedMinutes: 180, state: 'ok', phase: 'running', dueAt: '2026-12-03T17:00:00.000Z', breachedAt: null });
    expect(report.firstResponse).toMatchObject({ targetMinutes: 8 * 60, elapsedMinutes: 180, dueAt: '2026-11-23T17:00:00.000Z' });
  });

  it('pause while pending customer, exactly, across a weekend, with the reason shown', () => {
    const events: SlaEvent[] = [
      created('2026-11-27T09:00:00.000Z', 'high'),
      { kind: 'status_changed', at: '2026-11-27T16:00:00.000Z', status: 'pending_customer' },
      { kind: 'status_changed', at: '2026-11-30T11:00:00.000Z', status: 'open' },
    ];
    const report = sla(events, '2026-11-30T12:00:00.000Z');
    expect(report.resolution.elapsedMinutes).toBe(420 + 60);
    expect(report.resolution.segments).toEqual([
      { from: '2026-11-27T09:00:00.000Z', to: '2026-11-27T16:00:00.000Z', kind: 'running', reason: 'Working hours' },
      { from: '2026-11-27T16:00:00.000Z', to: '2026-11-30T11:00:00.000Z', kind: 'paused', reason: 'Pending customer' },
      { from: '2026-11-30T11:00:00.000Z', to: '2026-11-30T12:00:00.000Z', kind: 'running', reason: 'Working hours' },
    ]);
    // First response does not pause for the customer: 4 business hours from Friday 09:00 ran out at 13:00.
    expect(report.firstResponse).toMatchObject({ state: 'breached', breachedAt: '2026-11-27T13:00:00.000Z', dueAt: '2026-11-27T13:00:00.000Z' });
  });

  it('re-target on a priority change, keep elapsed time, and say exactly when the target was crossed', () => {
    const events: SlaEvent[] = [created('2026-11-23T09:00:00.000Z', 'low'), { kind: 'priority_changed', at: '2026-11-23T10:00:00.000Z', priority: 'critical' }];
    expect(sla(events, '2026-11-24T17:00:00.000Z').resolution).toMatchObject({ targetMinutes: 1440, elapsedMinutes: 960, state: 'ok' });
    expect(sla(events, '2026-11-25T11:00:00.000Z').resolution).toMatchObject({ elapsedMinutes: 1080, state: 'at_risk', percentUsed: 75 });
    expect(sla(events, '2026-11-26T10:00:00.000Z').resolution).toMatchObject({ state: 'breached', breachedAt: '2026-11-25T17:00:00.000Z', remainingMinutes: -60 });
  });

  it('low priority has five working days to resolve', () => {
    const report = sla([created('2026-11-23T10:00:00.000Z', 'low')], '2026-11-23T10:00:00.000Z');
    expect(report.resolution.targetMinutes).toBe(5 * 480);
    expect(report.resolution.dueAt).toBe('2026-11-30T10:00:00.000Z');
    expect(targetMinutes({ unit: 'working_days', amount: 1 }, { ...LONDON, weeklyHours: { 1: [{ start: '08:00', end: '18:00' }] } })).toBe(600);
  });

  it('stop the first-response clock at the first response, and the resolution clock at resolution; a reopen resumes it', () => {
    const events: SlaEvent[] = [
      created('2026-11-23T09:00:00.000Z'),
      { kind: 'responded', at: '2026-11-23T10:30:00.000Z' },
      { kind: 'status_changed', at: '2026-11-23T11:00:00.000Z', status: 'resolved' },
      { kind: 'status_changed', at: '2026-11-24T09:00:00.000Z', status: 'open' },
    ];
    const report = sla(events, '2026-11-24T10:00:00.000Z');
    expect(report.firstResponse).toMatchObject({ phase: 'stopped', elapsedMinutes: 90, stoppedAt: '2026-11-23T10:30:00.000Z', dueAt: null, state: 'ok' });
    expect(report.resolution.elapsedMinutes).toBe(180);
    expect(report.resolution.phase).toBe('running');
    expect(report.resolution.segments.map((s) => `${s.kind}:${s.reason}`)).toEqual(['running:Working hours', 'paused:Resolved', 'running:Working hours']);
    const resolvedAgain = sla([...events, { kind: 'status_changed', at: '2026-11-24T09:30:00.000Z', status: 'resolved' }], '2026-11-25T10:00:00.000Z');
    expect(resolvedAgain.resolution).toMatchObject({ phase: 'stopped', elapsedMinutes: 150, stoppedAt: '2026-11-24T09:30:00.000Z', dueAt: null });
  });

  it('show holidays and nights as out-of-hours stretches with their reasons', () => {
    const report = sla([created('2026-12-24T16:00:00.000Z')], '2026-12-29T10:00:00.000Z', HOLIDAYS);
    expect(report.resolution.elapsedMinutes).toBe(120);
    const closed = report.resolution.segments.filter((s) => s.kind === 'out_of_hours').map((s) => s.reason);
    expect(closed).toContain('Holiday (2026-12-25)');
    expect(closed).toContain('Holiday (2026-12-28)');
    expect(closed).toContain('Outside business hours');
  });

  it('ignore events after now and refuse a history without its creation', () => {
    const report = sla([created('2026-11-23T09:00:00.000Z'), { kind: 'status_changed', at: '2026-11-23T15:00:00.000Z', status: 'resolved' }], '2026-11-23T10:00:00.000Z');
    expect(report.resolution).toMatchObject({ phase: 'running', elapsedMinutes: 60 });
    expect(() => sla([{ kind: 'responded', at: '2026-11-23T09:00:00.000Z' }], '2026-11-23T10:00:00.000Z')).toThrow(/created/);
  });

  it('segments are contiguous from creation, and running time adds up to the elapsed time (random histories)', () => {
    const start = Date.parse('2026-11-20T08:00:00.000Z');
    const history = fc.array(fc.tuple(fc.integer({ min: 1, max: 5 * 24 * 60 }), fc.constantFrom(...TICKET_STATUSES)), { maxLength: 8 });
    fc.assert(
      fc.property(history, fc.integer({ min: 0, max: 8 * 24 * 60 }), (steps, nowOffset) => {
        const events: SlaEvent[] = [{ kind: 'created', at: new Date(start).toISOString(), priority: 'high', status: 'new' }];
        for (const [offset, status] of steps) events.push({ kind: 'status_changed', at: new Date(start + offset * 60_000).toISOString(), status });
        const now = new Date(start + nowOffset * 60_000);
        for (const clock of [computeSla(events, DEFAULT_SLA_POLICY, LONDON, now).resolution, computeSla(events, DEFAULT_SLA_POLICY, LONDON, now).firstResponse]) {
          const segments = clock.segments;
          if (segments.length > 0) expect(segments[0]!.from).toBe(new Date(start).toISOString());
          for (let i = 1; i < segments.length; i++) expect(segments[i]!.from).toBe(segments[i - 1]!.to);
          const running = segments.filter((s) => s.kind === 'running').reduce((sum, s) => sum + businessMinutesBetween(LONDON, Date.parse(s.from), Date.parse(s.to)), 0);
          expect(running).toBeCloseTo(clock.elapsedMinutes, 6);
          expect(clock.elapsedMinutes).toBeLessThanOrEqual(businessMinutesBetween(LONDON, start, now.getTime()) + 1e-9);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('computed for deadlines only, give the same figures and the same running and paused stretches, without the out-of-hours ones (random histories)', () => {
    const start = Date.parse('2026-10-01T08:00:00.000Z');
    const history = fc.array(fc.tuple(fc.integer({ min: 1, max: 40 * 24 * 60 }), fc.constantFrom(...TICKET_STATUSES)), { maxLength: 8 });
    fc.assert(
      fc.property(history, fc.integer({ min: 0, max: 60 * 24 * 60 }), fc.constantFrom<Priority>('low', 'medium', 'high', 'critical'), (steps, nowOffset, priority) => {
        const events: SlaEvent[] = [{ kind: 'created', at: new Date(start).toISOString(), priority, status: 'new' }];
        for (const [offset, status] of steps) events.push({ kind: 'status_changed', at: new Date(start + offset * 60_000).toISOString(), status });
        const now = new Date(start + nowOffset * 60_000);
        const timeline = computeSla(events, DEFAULT_SLA_POLICY, HOLIDAYS, now);
        const deadlines = computeSla(events, DEFAULT_SLA_POLICY, HOLIDAYS, now, 'deadlines');
        for (const metric of ['firstResponse', 'resolution'] as const) {
          const { segments, ...figures } = timeline[metric];
          expect(deadlines[metric]).toEqual({ ...figures, segments: segments.filter((s) => s.kind !== 'out_of_hours') });
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('SLA policy validation', () => {
  it('accepts the defaults and refuses nonsense with a reason', () => {
    expect(validateSlaPolicy(DEFAULT_SLA_POLICY).ok).toBe(true);
    const broken = { ...DEFAULT_SLA_POLICY, resolution: { ...DEFAULT_SLA_POLICY.resolution, high: { unit: 'business_hours', amount: -1 } } };
    expect(validateSlaPolicy(broken)).toMatchObject({ ok: false, error: { code: 'invalid_sla_policy' } });
    expect(validateSlaPolicy({ ...DEFAULT_SLA_POLICY, atRiskPercent: 120 })).toMatchObject({ ok: false });
    expect(validateSlaPolicy({ ...DEFAULT_SLA_POLICY, firstResponse: { ...DEFAULT_SLA_POLICY.firstResponse, low: { unit: 'fortnights', amount: 1 } } })).toMatchObject({ ok: false });
  });
});
