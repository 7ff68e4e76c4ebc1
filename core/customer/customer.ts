import type { CountryCode } from 'libphonenumber-js/min';
import type { Channel } from '../ticket/channel';
import { ok, refuse, type Result } from '../result';
import { normalisePhoneNumber, type E164 } from './phone-number';

export interface Customer {
  readonly id: string;
  readonly name: string;
  /** Normalised E.164, deduplicated; the first is the main number. */
  readonly phones: readonly E164[];
  readonly emails: readonly string[];
  readonly company: string | null;
  readonly preferredChannel: Channel | null;
  /** BCP 47 language tag, e.g. "en-GB", "es". */
  readonly language: string | null;
  readonly notes: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CustomerInput {
  readonly name: string;
  readonly phones?: readonly string[];
  readonly emails?: readonly string[];
  readonly company?: string | null;
  readonly preferredChannel?: Channel | null;
  readonly language?: string | null;
  readonly notes?: string;
}

export type CustomerRefusal = 'customer_name_required' | 'phone_number_invalid' | 'email_invalid' | 'language_invalid';

export const CUSTOMER_NAME_MAX = 200;
// Deliberately loose: the mail server is the judge of deliverability; this only catches typos like a missing @.
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,253}\.[^\s@]{2,}$/;
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export type NormalisedCustomer = Omit<Customer, 'id' | 'createdAt' | 'updatedAt'>;

/** Validates and normalises what an agent typed in the quick new-customer form; refuses with the first problem found. */
export function normaliseCustomer(input: CustomerInput, defaultCountry: CountryCode): Result<NormalisedCustomer, CustomerRefusal> {
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (name.length === 0 || name.length > CUSTOMER_NAME_MAX) {
    return refuse('customer_name_required', `A customer needs a name of 1 to ${CUSTOMER_NAME_MAX} characters.`);
  }
  const phones: E164[] = [];
  for (const raw of input.phones ?? []) {
    if (raw.trim() === '') continue;
    const phone = normalisePhoneNumber(raw, defaultCountry);
    if (!phone.ok) return phone;
    if (!phones.includes(phone.value)) phones.push(phone.value);
  }
  const emails: string[] = [];
  for (const raw of input.emails ?? []) {
    const email = raw.trim().toLowerCase();
    if (email === '') continue;
    if (!EMAIL.test(email)) return refuse('email_invalid', `"${raw.trim()}" is not an email address.`);
    if (!emails.includes(email)) emails.push(email);
  }
  const language = input.language?.trim() || null;
  if (language !== null && !LANGUAGE.test(language)) {
    return refuse('language_invalid', `"${language}" is not a language tag such as "en" or "es-MX".`);
  }
  return ok({
    name,
    phones,
    emails,
    company: input.company?.trim() || null,
    preferredChannel: input.preferredChannel ?? null,
    language,
    notes: input.notes?.trim() ?? '',
  });
}
