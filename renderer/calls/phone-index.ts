import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import type { SyncedCustomer } from '../../core/protocol/sync-messages';
import { phoneSearchDigits } from '../../core/customer/phone-number';

/**
 * Derived fields that let IndexedDB find a caller from part of a number: what agents type is either
 * the start of the national number ("020 7946…", "415 555…") or its last digits ("…0999").
 * Prefix search on national digits covers the first, prefix search on reversed digits the second.
 */
export interface CustomerPhoneFields {
  readonly qPhoneNational: string[];
  readonly qPhoneReversed: string[];
}

/** The directory's derived fields too (renderer/customers/customer-directory.ts). */
export type MirrorCustomer = SyncedCustomer & Partial<CustomerPhoneFields> & { readonly qName?: string; readonly qWords?: readonly string[] };

export function customerPhoneFields(customer: SyncedCustomer): CustomerPhoneFields {
  const national = customer.phones.map((p) => parsePhoneNumberFromString(p)?.nationalNumber ?? p.replace(/\D/g, ''));
  const reversed = customer.phones.map((p) => [...p.replace(/\D/g, '')].reverse().join(''));
  return { qPhoneNational: national, qPhoneReversed: reversed };
}

export const MIN_LOOKUP_DIGITS = 3;

/** The two index prefixes to look up for what the agent has typed so far, or null if too short. */
export function lookupPrefixes(typed: string): { national: string; reversed: string } | null {
  const digits = phoneSearchDigits(typed);
  if (digits.length < MIN_LOOKUP_DIGITS) return null;
  const fullDigits = typed.replace(/\D/g, '');
  return { national: digits, reversed: [...fullDigits].reverse().join('') };
}
