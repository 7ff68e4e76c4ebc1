import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_PRIORITY_MATRIX,
  IMPACTS,
  URGENCIES,
  assessmentFor,
  derivePriority,
  PRIORITIES,
  isAtLeast,
  priorityRank,
  validatePriorityMatrix,
} from '../../../core/ticket/priority';

describe('impact × urgency → priority', () => {
  it('maps the default matrix the way the support process defines it', () => {
    expect(derivePriority('high', 'high')).toBe('critical');
    expect(derivePriority('high', 'medium')).toBe('high');
    expect(derivePriority('medium', 'high')).toBe('high');
    expect(derivePriority('medium', 'medium')).toBe('medium');
    expect(derivePriority('low', 'high')).toBe('medium');
    expect(derivePriority('low', 'low')).toBe('low');
  });

  it('uses a configured matrix instead of the default', () => {
    const allCritical = Object.fromEntries(IMPACTS.map((i) => [i, Object.fromEntries(URGENCIES.map((u) => [u, 'critical']))]));
    const matrix = validatePriorityMatrix(allCritical);
    expect(matrix.ok).toBe(true);
    if (matrix.ok) expect(derivePriority('low', 'low', matrix.value)).toBe('critical');
  });

  it('never makes a ticket less severe when impact or urgency rises (default matrix)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }), (i, u) => {
        const here = priorityRank(derivePriority(IMPACTS[i]!, URGENCIES[u]!));
        if (i > 0) expect(priorityRank(derivePriority(IMPACTS[i - 1]!, URGENCIES[u]!))).toBeLessThanOrEqual(here);
        if (u > 0) expect(priorityRank(derivePriority(IMPACTS[i]!, URGENCIES[u - 1]!))).toBeLessThanOrEqual(here);
      }),
    );
  });

  it('compares severities', () => {
    expect(isAtLeast('critical', 'high')).toBe(true);
    expect(isAtLeast('high', 'high')).toBe(true);
    expect(isAtLeast('medium', 'high')).toBe(false);
  });
});

describe('validatePriorityMatrix', () => {
  it('accepts the default', () => {
    expect(validatePriorityMatrix(DEFAULT_PRIORITY_MATRIX)).toEqual({ ok: true, value: DEFAULT_PRIORITY_MATRIX });
  });

  it('refuses a missing row, an unknown priority and an inverted cell, saying which cell', () => {
    const missing = validatePriorityMatrix({ high: DEFAULT_PRIORITY_MATRIX.high, medium: DEFAULT_PRIORITY_MATRIX.medium });
    expect(missing).toMatchObject({ ok: false, error: { code: 'invalid_priority_matrix' } });
    expect(!missing.ok && missing.error.reason).toContain('"low"');

    const unknown = validatePriorityMatrix({ ...DEFAULT_PRIORITY_MATRIX, low: { high: 'urgent', medium: 'low', low: 'low' } });
    expect(!unknown.ok && unknown.error.reason).toContain('urgency "high"');

    const inverted = validatePriorityMatrix({ ...DEFAULT_PRIORITY_MATRIX, high: { high: 'low', medium: 'high', low: 'medium' } });
    expect(inverted.ok).toBe(false);
    expect(!inverted.ok && inverted.error.reason).toContain('at least as severe');
  });

  it('refuses things that are not objects', () => {
    expect(validatePriorityMatrix(null).ok).toBe(false);
    expect(validatePriorityMatrix('critical').ok).toBe(false);
  });
});

describe('assessmentFor (priority hotkeys)', () => {
  it('always yields the requested priority, changing the assessment as little as possible', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PRIORITIES), fc.constantFrom(...IMPACTS), fc.constantFrom(...URGENCIES), (target, impact, urgency) => {
        const next = assessmentFor(target, { impact, urgency });
        expect(next).not.toBeNull();
        expect(derivePriority(next!.impact, next!.urgency)).toBe(target);
        if (derivePriority(impact, urgency) === target) expect(next).toEqual({ impact, urgency });
      }),
    );
  });

  it('keeps the axis the agent already judged where it can', () => {
    expect(assessmentFor('high', { impact: 'medium', urgency: 'medium' })).toEqual({ impact: 'high', urgency: 'medium' });
    expect(assessmentFor('critical', { impact: 'low', urgency: 'low' })).toEqual({ impact: 'high', urgency: 'high' });
  });
});
