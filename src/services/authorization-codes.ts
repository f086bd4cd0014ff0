import { randomId, randomToken, sha256Hex } from '../crypto/random.js';
import type { AuthorizationRequest } from '../oauth/authorization-request.js';
import { invalidGrant, invalidRequest } from '../oauth/errors.js';
import { codeVerifierPattern, verifierMatchesChallenge } from '../oauth/pkce.js';
import type { Storage } from '../store/index.js';
import type { Authentication } from '../domain/authentication.js';
import type { AuthorizationCodeRecord, ClientRecord } from '../domain/records.js';
import { type BeforeAtomicStep, noBeforeAtomicStep } from './atomic-step-hook.js';
import type { Auditor, RequestMeta } from './audit.js';
import type { RefreshTokens } from './refresh-tokens.js';
import { retryOnDeadlock } from './with-retry.js';

/** What the token request says about the code besides the code itself (RFC 6749 §4.1.3, RFC 7636 §4.5). */
export interface CodeRedemptionParams {
  readonly redirectUri?: string;
  readonly codeVerifier?: string;
  /** A further check of the token request against the code (its API, RFC 8707 §2.2); may throw to refuse it without using the code up. */
  readonly check?: (code: AuthorizationCodeRecord) => void;
}

/** A redeemed code: what it was issued for, and the refresh token of its grant when one was issued. */
export interface RedeemedCode {
  readonly code: AuthorizationCodeRecord;
  readonly refreshToken: string | undefined;
}

/** RFC 6749 §4.1.3 and RFC 7636 §4.5-4.6: the code is the client's, for this redirect URI, with the right verifier. */
function checkRedemption(code: AuthorizationCodeRecord, params: CodeRedemptionParams, now: number): void {
  if (code.expiresAt <= now) throw invalidGrant('The authorization code has expired.');
  const { redirectUri, codeVerifier: verifier } = params;
  if ((code.redirectUriSent || redirectUri !== undefined) && redirectUri !== code.redirectUri) {
    throw invalidGrant('redirect_uri does not match the authorization request.');
  }
  if (code.codeChallenge === null) {
    // RFC 9700 §2.1.1: a verifier for a code issued without a challenge is a PKCE downgrade attempt.
    if (verifier !== undefined) throw invalidGrant('code_verifier sent for a request without code_challenge.');
    return;
  }
  if (verifier === undefined) throw invalidGrant('code_verifier is required.');
  if (!codeVerifierPattern.test(verifier)) throw invalidRequest('code_verifier must be 43-128 unreserved characters.');
  if (!verifierMatchesChallenge(verifier, code.codeChallenge)) throw invalidGrant('code_verifier does not match code_challenge.');
}

/**
 * OIDC Core §11: with `openid`, a refresh token only when `offline_access` was granted (the user
 * consented to access while away); a plain OAuth request keeps RFC 6749's behaviour. Either way the
 * client must be registered for the refresh_token grant.
 */
function issuesRefreshToken(code: AuthorizationCodeRecord, client: ClientRecord): boolean {
  const offline = code.scopes.includes('openid') ? code.scopes.includes('offline_access') : true;
  return offline && client.grantTypes.includes('refresh_token');
}

/**
 * Issues authorization codes (256 bits, stored hashed, short-lived, bound to client, redirect URI and
 * PKCE challenge) and redeems them: single use, and a second redemption revokes what the first one
 * issued (RFC 6749 §4.1.2).
 */
export class AuthorizationCodes {
  constructor(
    private readonly deps: {
      storage: Storage;
      refreshTokens: RefreshTokens;
      auditor: Auditor;
      ttlS: number;
      now: () => number;
      /** Tests only: see {@link BeforeAtomicStep}. */
      beforeAtomicStep?: BeforeAtomicStep;
    },
  ) {}

  async issue(request: AuthorizationRequest, userId: string, authentication: Authentication): Promise<string> {
    const code = randomToken(32);
    const now = this.deps.now();
    await this.deps.storage.authorizationCodes.insert({
      codeHash: sha256Hex(code),
      clientId: request.clientId,
      userId,
      grantId: randomId(),
      redirectUri: request.redirectUri,
      redirectUriSent: request.redirectUriSent,
      scopes: request.scopes,
      codeChallenge: request.codeChallenge ?? null,
      nonce: request.nonce ?? null,
      authentication,
      // Interactions stored before RFC 8707 support carry no resources.
      resources: request.resources ?? [],
      createdAt: now,
      expiresAt: now + this.deps.ttlS * 1000,
      consumedAt: null,
    });
    return code;
  }

  /**
   * Spends a code for the authenticated client and records its grant, in one transaction whose
   * single-use step is an atomic UPDATE (`consume`): of two concurrent redemptions exactly one wins.
   *
   * @throws OAuthError `invalid_grant` (unknown, another client's, expired, wrong redirect URI or
   *   verifier, already used, user no longer active) or `invalid_request` (malformed verifier).
   */
  async redeem(presented: string, client: ClientRecord, params: CodeRedemptionParams, meta: RequestMeta): Promise<RedeemedCode> {
    const { storage } = this.deps;
    const code = await storage.authorizationCodes.find(sha256Hex(presented));
    // RFC 6749 §4.1.3: the code must have been issued to the authenticated client.
    if (!code || code.clientId !== client.clientId) throw invalidGrant('The authorization code is invalid.');
    if (code.consumedAt !== null) return this.refuseReplay(code, meta);
    checkRedemption(code, params, this.deps.now());
    params.check?.(code);
    await (this.deps.beforeAtomicStep ?? noBeforeAtomicStep)('authorization_code.consume', storage);
    const withRefresh = issuesRefreshToken(code, client);
    const recorded = await retryOnDeadlock(() =>
      storage.transaction(async (stores) => {
        if (!(await stores.authorizationCodes.consume(code.codeHash, this.deps.now()))) return undefined;
        const grant = { id: code.grantId, clientId: client.clientId, userId: code.userId, scopes: code.scopes, authentication: code.authentication, resources: code.resources };
        // The account check holds a shared lock on the user to the commit (see recordGrant).
        return this.deps.refreshTokens.recordGrant(stores, grant, withRefresh, () => invalidGrant('The authorization code is invalid.'));
      }),
    );
    if (!recorded) return this.refuseReplay(code, meta);
    return { code, refreshToken: recorded.refreshToken };
  }

  /** RFC 6749 §4.1.2: a code used twice revokes every token issued from it (its grant). */
  private async refuseReplay(code: AuthorizationCodeRecord, meta: RequestMeta): Promise<never> {
    await this.deps.refreshTokens.revokeGrant(code.grantId, 'code_reuse');
    await this.deps.auditor.record(
      { event: 'authorization_code.reuse_detected', outcome: 'failure', clientId: code.clientId, subject: code.userId, detail: { grant_id: code.grantId } },
      meta,
    );
    throw invalidGrant('The authorization code was already used.');
  }
}
