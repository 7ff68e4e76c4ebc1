import { describe, expect, it } from 'vitest';
import { callDurationSeconds, countsAsCustomerContact, formatCallDuration } from '../../../core/call/call';

describe('calls', () => {
  it('measure duration in whole seconds, 0 while in progress or with a backwards clock', () => {
    expect(callDurationSeconds({ startedAt: '2026-11-25T10:00:00.000Z', endedAt: '2026-11-25T10:04:07.900Z' })).toBe(247);
    expect(callDurationSeconds({ startedAt: '2026-11-25T10:00:00.000Z', endedAt: null })).toBe(0);
    expect(callDurationSeconds({ startedAt: '2026-11-25T10:00:00.000Z', endedAt: '2026-11-25T09:00:00.000Z' })).toBe(0);
  });

  it('read like a call timer', () => {
    expect(formatCallDuration(0)).toBe('0:00');
    expect(formatCallDuration(247)).toBe('4:07');
    expect(formatCallDuration(3729)).toBe('1:02:09');
  });

  it('do not count voicemail or a wrong number as contact with the customer', () => {
    expect(countsAsCustomerContact('voicemail')).toBe(false);
    expect(countsAsCustomerContact('wrong_number')).toBe(false);
    expect(countsAsCustomerContact('information_given')).toBe(true);
  });
});
