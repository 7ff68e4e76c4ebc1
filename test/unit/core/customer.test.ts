import { describe, expect, it } from 'vitest';
import { normaliseCustomer } from '../../../core/customer/customer';
import { formatPhoneNumber, normalisePhoneNumber, phoneMatches } from '../../../core/customer/phone-number';

describe('phone numbers', () => {
  it('normalises the formats agents type to E.164', () => {
    const cases: Array<[string, 'GB' | 'US', string]> = [
      ['020 7183 8750', 'GB', '+442071838750'],
      ['+44 (0)20 7183 8750', 'US', '+442071838750'],
      ['0044 20 7183 8750', 'US', '+442071838750'],
      ['(415) 555-0132', 'US', '+14155550132'],
      ['415.555.0132', 'US', '+14155550132'],
      ['+1 415 555 0132', 'GB', '+14155550132'],
    ];
    for (const [typed, country, e164] of cases) {
      expect(normalisePhoneNumber(typed, country)).toEqual({ ok: true, value: e164 });
    }
  });

  it('refuses text that is not a number, with the input in the reason', () => {
    const result = normalisePhoneNumber('call me maybe', 'GB');
    expect(result).toMatchObject({ ok: false, error: { code: 'phone_number_invalid' } });
    expect(!result.ok && result.error.reason).toContain('call me maybe');
    expect(normalisePhoneNumber('12', 'GB').ok).toBe(false);
    expect(normalisePhoneNumber('', 'GB').ok).toBe(false);
  });

  it('matches partial input: last digits, national form with 0, spaced groups', () => {
    expect(phoneMatches('+442071838750', '8750')).toBe(true);
    expect(phoneMatches('+442071838750', '020 7183')).toBe(true);
    expect(phoneMatches('+442071838750', '7183 8750')).toBe(true);
    expect(phoneMatches('+442071838750', '9999')).toBe(false);
    expect(phoneMatches('+442071838750', '87')).toBe(false);
  });

  it('formats for display', () => {
    expect(formatPhoneNumber('+442071838750')).toBe('+44 20 7183 8750');
  });
});

describe('customers', () => {
  it('normalise names, phones and emails, dropping duplicates and blanks', () => {
    const result = normaliseCustomer(
      { name: '  Ada   Lovelace ', phones: ['020 7183 8750', '+44 20 7183 8750', ''], emails: [' Ada@Example.com', 'ada@example.com'], language: 'en-GB' },
      'GB',
    );
    expect(result).toEqual({
      ok: true,
      value: {
        name: 'Ada Lovelace',
        phones: ['+442071838750'],
        emails: ['ada@example.com'],
        company: null,
        preferredChannel: null,
        language: 'en-GB',
        notes: '',
      },
    });
  });

  it('refuse a missing name, a bad phone, a bad email and a bad language', () => {
    expect(normaliseCustomer({ name: '  ' }, 'GB')).toMatchObject({ ok: false, error: { code: 'customer_name_required' } });
    expect(normaliseCustomer({ name: 'A', phones: ['nope'] }, 'GB')).toMatchObject({ ok: false, error: { code: 'phone_number_invalid' } });
    expect(normaliseCustomer({ name: 'A', emails: ['ada.example.com'] }, 'GB')).toMatchObject({ ok: false, error: { code: 'email_invalid' } });
    expect(normaliseCustomer({ name: 'A', language: 'English' }, 'GB')).toMatchObject({ ok: false, error: { code: 'language_invalid' } });
  });
});
