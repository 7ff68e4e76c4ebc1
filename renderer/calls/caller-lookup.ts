import type { CountryCode } from 'libphonenumber-js/min';
import { normalisePhoneNumber } from '../../core/customer/phone-number';
import type { MirrorDb } from '../sync/mirror-db';
import { lookupPrefixes, type MirrorCustomer } from './phone-index';

/**
 * Customers whose number fits what the agent has typed so far, from the local mirror (so it works
 * offline): an exact E.164 match first, then numbers that start or end with the typed digits.
 */
export async function findCallers(db: MirrorDb, typed: string, defaultCountry: CountryCode, limit = 8): Promise<MirrorCustomer[]> {
  const prefixes = lookupPrefixes(typed);
  if (!prefixes) return [];
  const exact = normalisePhoneNumber(typed, defaultCountry);
  const [exactMatches, national, tail] = await Promise.all([
    exact.ok ? db.customers.where('phones').equals(exact.value).limit(limit).toArray() : Promise.resolve([]),
    db.customers.where('qPhoneNational').startsWith(prefixes.national).limit(limit).toArray(),
    db.customers.where('qPhoneReversed').startsWith(prefixes.reversed).limit(limit).toArray(),
  ]);
  const seen = new Set<string>();
  const out: MirrorCustomer[] = [];
  for (const customer of [...exactMatches, ...national, ...tail]) {
    if (seen.has(customer.id)) continue;
    seen.add(customer.id);
    out.push(customer);
  }
  return out.slice(0, limit);
}
