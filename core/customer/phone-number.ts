import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';
import { ok, refuse, type Result } from '../result';

/** "+442071838750": the one spelling every lookup, index and comparison uses. */
export type E164 = string & { readonly __brand: 'E164' };

export type PhoneRefusal = 'phone_number_invalid';

/**
 * Turns what an agent types or a phone system sends ("020 7183 8750", "(415) 555-0132",
 * "+44 20 7183 8750", "0044 20…") into E.164. Numbers without a country code are read in the
 * workspace's default country.
 */
export function normalisePhoneNumber(input: string, defaultCountry: CountryCode): Result<E164, PhoneRefusal> {
  const trimmed = input.trim();
  if (trimmed.length === 0 || trimmed.length > 40) {
    return refuse('phone_number_invalid', 'Enter a phone number of up to 40 characters.');
  }
  // International prefix typed as 00 instead of +.
  const withPlus = trimmed.replace(/^00(?=[1-9])/, '+');
  const parsed = parsePhoneNumberFromString(withPlus, defaultCountry);
  if (!parsed || !parsed.isPossible()) {
    return refuse('phone_number_invalid', `"${trimmed}" is not a phone number we can dial.`);
  }
  return ok(parsed.number as E164);
}

/** Human display, e.g. "+44 20 7183 8750". */
export function formatPhoneNumber(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

/**
 * Digits used for partial matching while the agent is still typing: a caller may give only the last
 * digits, or the national form with its leading 0. Both are matched against the stored E.164 digits.
 */
export function phoneSearchDigits(input: string): string {
  return input.replace(/\D/g, '').replace(/^00/, '').replace(/^0+/, '');
}

/** True when `typed` (any format, possibly partial) could be this E.164 number. */
export function phoneMatches(e164: string, typed: string): boolean {
  const digits = phoneSearchDigits(typed);
  if (digits.length < 3) return false;
  return e164.replace(/\D/g, '').includes(digits);
}
