import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ESCALATION_POLICY, validateEscalationPolicy } from '../../../../core/escalation/escalation-policy';
import { dueEscalationSteps, manualEscalation, type EscalationInput } from '../../../../core/escalation/escalation-rules';
import { PRIORITIES } from '../../../../core/ticket/priority';
import { TICKET_STATUSES } from '../../../../core/ticket/status';

const base: EscalationInput = { priority: 'medium', status: 'open', tier: 1, takenStepKeys: [], percentUsed: { first_response: null, resolution: 0 } };
const keys = (input: Partial<EscalationInput>) => dueEscalationSteps({ ...base, ...input }, DEFAULT_ESCALATION_POLICY).map((s) => s.key);

describe('escalation ladder', () => {
  it('takes each step once, in order, as the SLA clock runs', () => {
    const taken: string[] = [];
    const seen: string[] = [];
    for (const percent of [10, 50, 74, 75, 80, 99, 100, 120, 149, 150, 200, 300]) {
      const due = dueEscalationSteps({ ...base, takenStepKeys: taken, percentUsed: { first_response: null, resolution: percent } }, DEFAULT_ESCALATION_POLICY);
      for (const step of due) {
        taken.push(step.key);
        seen.push(`${step.key}@${percent}`);
      }
    }
    expect(seen).toEqual(['ladder:resolution-75@75', 'ladder:resolution-100@100', 'ladder:resolution-150@150']);
  });

  it('catches up after downtime: every passed step at once, in ladder order, and none again', () => {
    const due = dueEscalationSteps({ ...base, percentUsed: { first_response: null, resolution: 160 } }, DEFAULT_ESCALATION_POLICY);
    expect(due.map((s) => [s.key, s.action, s.level])).toEqual([
      ['ladder:resolution-75', 'warn_assignee', 0],
      ['ladder:resolution-100', 'escalate_to_supervisors', 1],
      ['ladder:resolution-150', 'escalate_to_next_level', 2],
    ]);
    expect(keys({ takenStepKeys: due.map((s) => s.key), percentUsed: { first_response: null, resolution: 170 } })).toEqual([]);
  });

  it('does nothing for a resolved or closed ticket', () => {
    expect(keys({ status: 'resolved', priority: 'critical', percentUsed: { first_response: 500, resolution: 500 } })).toEqual([]);
    expect(keys({ status: 'closed', percentUsed: { first_response: null, resolution: 500 } })).toEqual([]);
  });

  it('escalates by severity at once: critical and high reach supervisors; critical moves to tier 2 once', () => {
    expect(keys({ priority: 'critical' })).toEqual(['severity:notify_supervisors', 'severity:tier_2']);
    expect(keys({ priority: 'high' })).toEqual(['severity:notify_supervisors']);
    expect(keys({ priority: 'medium' })).toEqual([]);
    expect(keys({ priority: 'low' })).toEqual([]);
    expect(keys({ priority: 'critical', tier: 2 })).toEqual(['severity:notify_supervisors']);
    expect(keys({ priority: 'critical', takenStepKeys: ['severity:notify_supervisors', 'severity:tier_2'] })).toEqual([]);
  });

  it('a priority raised later triggers the severity step then', () => {
    const taken: string[] = [];
    expect(keys({ priority: 'low', takenStepKeys: taken })).toEqual([]);
    expect(keys({ priority: 'high', takenStepKeys: taken })).toEqual(['severity:notify_supervisors']);
  });

  it('never returns a step twice, and takes every threshold crossed while open (random runs)', () => {
    const tick = fc.record({ percent: fc.integer({ min: 0, max: 40 }), priority: fc.constantFrom(...PRIORITIES), status: fc.constantFrom(...TICKET_STATUSES) });
    fc.assert(
      fc.property(fc.array(tick, { maxLength: 30 }), (ticks) => {
        const taken = new Set<string>();
        let percent = 0;
        let maxOpenPercent = 0;
        for (const t of ticks) {
          percent += t.percent;
          const due = dueEscalationSteps({ priority: t.priority, status: t.status, tier: 1, takenStepKeys: taken, percentUsed: { first_response: null, resolution: percent } }, DEFAULT_ESCALATION_POLICY);
          for (const step of due) {
            expect(taken.has(step.key)).toBe(false);
            taken.add(step.key);
          }
          if (t.status !== 'resolved' && t.status !== 'closed') maxOpenPercent = percent;
        }
        for (const step of DEFAULT_ESCALATION_POLICY.ladder) {
          if (maxOpenPercent >= step.atPercent) expect(taken.has(`ladder:${step.id}`)).toBe(true);
        }
      }),
    );
  });
});

describe('manual escalation', () => {
  it('needs a handover note and an unfinished ticket, and raises the level', () => {
    expect(manualEscalation({ handoverNote: 'Reset the router twice; told the customer a specialist will call today.', currentLevel: 0, status: 'open' })).toMatchObject({ ok: true, value: { level: 1 } });
    expect(manualEscalation({ handoverNote: '  ', currentLevel: 0, status: 'open' })).toMatchObject({ ok: false, error: { code: 'handover_note_required' } });
    expect(manualEscalation({ handoverNote: 'Tried everything we could.', currentLevel: 0, status: 'closed' })).toMatchObject({ ok: false, error: { code: 'ticket_closed' } });
    expect(manualEscalation({ handoverNote: 'Tried everything we could.', currentLevel: 2, status: 'open' })).toMatchObject({ ok: true, value: { level: 2 } });
  });
});

describe('escalation policy validation', () => {
  it('refuses duplicate steps, unknown actions and bad percentages', () => {
    expect(validateEscalationPolicy(DEFAULT_ESCALATION_POLICY).ok).toBe(true);
    const ladder = DEFAULT_ESCALATION_POLICY.ladder;
    expect(validateEscalationPolicy({ ...DEFAULT_ESCALATION_POLICY, ladder: [ladder[0], ladder[0]] })).toMatchObject({ ok: false });
    expect(validateEscalationPolicy({ ...DEFAULT_ESCALATION_POLICY, ladder: [{ ...ladder[0], action: 'fire_everyone' }] })).toMatchObject({ ok: false });
    expect(validateEscalationPolicy({ ...DEFAULT_ESCALATION_POLICY, ladder: [{ ...ladder[0], atPercent: -5 }] })).toMatchObject({ ok: false });
    expect(validateEscalationPolicy({ ...DEFAULT_ESCALATION_POLICY, tier2AtOrAbove: 'urgent' })).toMatchObject({ ok: false });
  });
});
