import { ok, refuse, type Result } from '../result';

export const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** How many people or how much of the business is affected. */
export const IMPACTS = ['high', 'medium', 'low'] as const;
export type Impact = (typeof IMPACTS)[number];

/** How quickly the caller needs it. */
export const URGENCIES = ['high', 'medium', 'low'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** impact → urgency → priority. Every cell must be present; `validatePriorityMatrix` checks a configured one. */
export type PriorityMatrix = Readonly<Record<Impact, Readonly<Record<Urgency, Priority>>>>;

/** The ITIL-style default: priority rises with both impact and urgency, and only high × high is critical. */
export const DEFAULT_PRIORITY_MATRIX: PriorityMatrix = {
  high: { high: 'critical', medium: 'high', low: 'medium' },
  medium: { high: 'high', medium: 'medium', low: 'low' },
  low: { high: 'medium', medium: 'low', low: 'low' },
};

export function derivePriority(impact: Impact, urgency: Urgency, matrix: PriorityMatrix = DEFAULT_PRIORITY_MATRIX): Priority {
  return matrix[impact][urgency];
}

/** 0 is the most severe: useful for sorting and for "at least as severe as" comparisons. */
export function priorityRank(priority: Priority): number {
  return PRIORITIES.indexOf(priority);
}

export function isAtLeast(priority: Priority, threshold: Priority): boolean {
  return priorityRank(priority) <= priorityRank(threshold);
}

/**
 * A configured matrix must name a known priority in every cell, and must never make a ticket less
 * severe when its impact or urgency goes up (an admin typo that inverts a row would silently bury outages).
 */
export function validatePriorityMatrix(candidate: unknown): Result<PriorityMatrix, 'invalid_priority_matrix'> {
  if (typeof candidate !== 'object' || candidate === null) {
    return refuse('invalid_priority_matrix', 'The priority matrix must be an object of impact → urgency → priority.');
  }
  const rows = candidate as Record<string, unknown>;
  const matrix: Partial<Record<Impact, Record<Urgency, Priority>>> = {};
  for (const impact of IMPACTS) {
    const row = rows[impact];
    if (typeof row !== 'object' || row === null) {
      return refuse('invalid_priority_matrix', `The priority matrix has no row for impact "${impact}".`);
    }
    const cells = row as Record<string, unknown>;
    const built: Partial<Record<Urgency, Priority>> = {};
    for (const urgency of URGENCIES) {
      const cell = cells[urgency];
      if (typeof cell !== 'string' || !(PRIORITIES as readonly string[]).includes(cell)) {
        return refuse(
          'invalid_priority_matrix',
          `Impact "${impact}" × urgency "${urgency}" must be one of ${PRIORITIES.join(', ')}.`,
        );
      }
      built[urgency] = cell as Priority;
    }
    matrix[impact] = built as Record<Urgency, Priority>;
  }
  const complete = matrix as PriorityMatrix;
  for (let i = 0; i < IMPACTS.length; i++) {
    for (let j = 0; j < URGENCIES.length; j++) {
      const here = priorityRank(complete[IMPACTS[i]!][URGENCIES[j]!]);
      const lessImpact = i + 1 < IMPACTS.length ? priorityRank(complete[IMPACTS[i + 1]!][URGENCIES[j]!]) : Infinity;
      const lessUrgency = j + 1 < URGENCIES.length ? priorityRank(complete[IMPACTS[i]!][URGENCIES[j + 1]!]) : Infinity;
      if (here > lessImpact || here > lessUrgency) {
        return refuse(
          'invalid_priority_matrix',
          `Impact "${IMPACTS[i]}" × urgency "${URGENCIES[j]}" must be at least as severe as the cells with lower impact or urgency.`,
        );
      }
    }
  }
  return ok(complete);
}

/**
 * Priority is derived, so "set priority to high" (a triage hotkey) means choosing impact and urgency
 * that give it: the cell with that priority closest to the current assessment, so an agent's judgement
 * of one axis survives a quick re-prioritisation. Null when the matrix has no such cell.
 */
export function assessmentFor(
  target: Priority,
  current: { readonly impact: Impact; readonly urgency: Urgency },
  matrix: PriorityMatrix = DEFAULT_PRIORITY_MATRIX,
): { impact: Impact; urgency: Urgency } | null {
  let best: { impact: Impact; urgency: Urgency; distance: number } | null = null;
  for (const impact of IMPACTS) {
    for (const urgency of URGENCIES) {
      if (matrix[impact][urgency] !== target) continue;
      const distance = Math.abs(IMPACTS.indexOf(impact) - IMPACTS.indexOf(current.impact)) + Math.abs(URGENCIES.indexOf(urgency) - URGENCIES.indexOf(current.urgency));
      if (!best || distance < best.distance) best = { impact, urgency, distance };
    }
  }
  return best ? { impact: best.impact, urgency: best.urgency } : null;
}
