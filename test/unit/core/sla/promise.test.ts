import { describe, expect, it } from 'vitest';
import { describePromise } from '../../../../core/sla/promise';

const NOW = new Date('2026-11-23T10:00:00.000Z'); // Monday

describe('promised response time, as said on the phone', () => {
  it('names the day the way people do', () => {
    expect(describePromise('2026-11-23T16:00:00.000Z', 'Europe/London', NOW)).toBe('today by 16:00');
    expect(describePromise('2026-11-24T10:00:00.000Z', 'Europe/London', NOW)).toBe('tomorrow by 10:00');
    expect(describePromise('2026-11-26T14:00:00.000Z', 'Europe/London', NOW)).toBe('by Thursday 14:00');
    expect(describePromise('2026-12-03T17:00:00.000Z', 'Europe/London', NOW)).toBe('by 3 December 17:00');
  });

  it('uses the team calendar\'s zone and names it when it differs from the agent\'s', () => {
    expect(describePromise('2026-11-24T14:00:00.000Z', 'America/New_York', NOW, 'America/New_York')).toBe('tomorrow by 09:00');
    expect(describePromise('2026-11-24T14:00:00.000Z', 'America/New_York', NOW, 'Europe/London')).toBe('tomorrow by 09:00 (EST)');
  });
});
