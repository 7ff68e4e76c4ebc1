/**
 * How hard the chaos tests push. The short tier runs inside `npm test` on every change; the long tier is
 * `npm run test:chaos` (CHAOS_TIER=long), the figures issue 7 asks for. Both are bounded in count and time.
 */
export interface ChaosTier {
  readonly name: 'short' | 'long';
  readonly clients: number;
  readonly mutations: number;
  readonly kills: number;
  /** Up to this long between two server kills. */
  readonly killSpacingMs: number;
  /** About this long between two network faults (reset, latency, black-hole, cut). */
  readonly networkFaultSpacingMs: number;
  /** Chance, after each mutation, that the client's connection drops. */
  readonly disconnectChance: number;
  readonly timeoutMs: number;
}

export function chaosTier(): ChaosTier {
  return process.env.CHAOS_TIER === 'long'
    ? { name: 'long', clients: 20, mutations: 500, kills: 5, killSpacingMs: 10_000, networkFaultSpacingMs: 1_500, disconnectChance: 0.02, timeoutMs: 600_000 }
    : { name: 'short', clients: 6, mutations: 40, kills: 2, killSpacingMs: 1_500, networkFaultSpacingMs: 400, disconnectChance: 0.05, timeoutMs: 120_000 };
}

export { seededRandom } from '../../../core/seeded-random';
