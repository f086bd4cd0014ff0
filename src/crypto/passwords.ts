import argon2 from 'argon2';

/** argon2id with OWASP's minimum (m=19 MiB, t=2, p=1); hashes with other parameters are upgraded on login. */
export const passwordHashOptions = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, passwordHashOptions);
}

/** Verifies a password against a PHC string; a malformed hash verifies as false. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

export function passwordNeedsRehash(hash: string): boolean {
  try {
    return argon2.needsRehash(hash, passwordHashOptions);
  } catch {
    return true;
  }
}

let dummyHash: Promise<string> | undefined;

/** A hash of a random password, verified for unknown users so both paths cost the same. */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(`dummy-${Math.random()}-${Date.now()}`);
  return dummyHash;
}
