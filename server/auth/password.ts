import { hash, verify, type Options } from '@node-rs/argon2';

// The package's `Algorithm` is a const enum, which isolated modules cannot import; 2 is its Argon2id.
const ARGON2ID = 2 as Options['algorithm'];

/** Argon2id at the OWASP minimum (19 MiB, t=2, p=1): about 30 ms per login here, far too slow to brute-force. */
const PARAMS: Options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * Verifying against this when the email is unknown keeps the response time the same as for a wrong
 * password, so login timing does not reveal which emails have accounts.
 */
export const DECOY_HASH = await hashPassword('decoy password that never matches');
