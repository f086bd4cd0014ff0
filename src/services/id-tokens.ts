import { accessTokenHash, signIdToken } from '../crypto/id-token.js';
import type { Keystore } from '../crypto/keystore.js';
import type { Authentication } from '../domain/authentication.js';
import type { ClientRecord } from '../domain/records.js';

/** What an ID token is issued for. */
export interface IdTokenSubject {
  client: ClientRecord;
  userId: string;
  authentication: Authentication;
  nonce?: string | null;
  accessToken?: string;
}

/** Issues OpenID Connect ID tokens (OIDC Core §2, §3.1.3.6). */
export class IdTokens {
  constructor(
    private readonly deps: { keystore: Keystore; issuer: string; ttlS: number; now: () => number },
  ) {}

  issue(subject: IdTokenSubject): Promise<string> {
    const iat = Math.floor(this.deps.now() / 1000);
    return signIdToken(this.deps.keystore, subject.client.idTokenSignedResponseAlg, {
      iss: this.deps.issuer,
      sub: subject.userId,
      aud: subject.client.clientId,
      azp: subject.client.clientId,
      iat,
      exp: iat + this.deps.ttlS,
      auth_time: Math.floor(subject.authentication.authTime / 1000),
      ...(subject.nonce ? { nonce: subject.nonce } : {}),
      ...(subject.accessToken ? { at_hash: accessTokenHash(subject.accessToken) } : {}),
      acr: subject.authentication.acr,
      amr: [...subject.authentication.amr],
    });
  }
}
