import { randomId, randomToken, sha256Hex } from '../crypto/random.js';
import type { AuthorizationRequest } from '../oauth/authorization-request.js';
import type { AuthorizationCodeStore } from '../store/authorization-codes.js';

/** Issues authorization codes: 256 bits, stored hashed, short-lived, bound to client, redirect URI and PKCE challenge. */
export class AuthorizationCodes {
  constructor(
    private readonly store: AuthorizationCodeStore,
    private readonly ttlS: number,
    private readonly now: () => number,
  ) {}

  async issue(request: AuthorizationRequest, userId: string, authTime: number): Promise<string> {
    const code = randomToken(32);
    const now = this.now();
    await this.store.insert({
      codeHash: sha256Hex(code),
      clientId: request.clientId,
      userId,
      grantId: randomId(),
      redirectUri: request.redirectUri,
      redirectUriSent: request.redirectUriSent,
      scopes: request.scopes,
      codeChallenge: request.codeChallenge ?? null,
      nonce: request.nonce ?? null,
      authTime,
      createdAt: now,
      expiresAt: now + this.ttlS * 1000,
      consumedAt: null,
    });
    return code;
  }
}
