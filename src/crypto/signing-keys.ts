import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { SigningKeyRecord } from '../domain/records.js';
import { encryptWithKek } from './key-encryption.js';

/** Algorithms the keystore holds keys for: ES256 signs access tokens, RS256 is kept for ID tokens (OIDC Core §15.1). */
export const signingAlgorithms = ['ES256', 'RS256'] as const;
export type SigningAlgorithm = (typeof signingAlgorithms)[number];

/** Generates a key pair; the private JWK is sealed under the KEK with the kid (RFC 7638 thumbprint) as additional data. */
export async function generateSigningKey(alg: SigningAlgorithm, kek: Buffer, now: number, activatesAt: number): Promise<SigningKeyRecord> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'RS256' ? { modulusLength: 2048 } : {}) });
  const publicJwk: JWK = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateJwk = await exportJWK(privateKey);
  return {
    kid,
    alg,
    publicJwk: JSON.stringify({ ...publicJwk, kid, alg, use: 'sig' }),
    privateJwkEncrypted: encryptWithKek(kek, JSON.stringify(privateJwk), kid),
    createdAt: now,
    activatesAt,
  };
}
