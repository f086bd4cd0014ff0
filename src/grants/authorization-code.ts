import { sha256Hex } from '../crypto/random.js';
import { invalidGrant, invalidRequest } from '../oauth/errors.js';
import { codeVerifierPattern, verifierMatchesChallenge } from '../oauth/pkce.js';
import type { AccessTokenIssuer } from '../services/access-tokens.js';
import { BeforeAtomicStep, noBeforeAtomicStep } from '../services/atomic-step-hook.js';
import type { Auditor, RequestMeta } from '../services/audit.js';
import type { IdTokens } from '../services/id-tokens.js';
import type { RefreshTokens } from '../services/refresh-tokens.js';
import { retryOnDeadlock } from '../services/with-retry.js';
import type { Storage } from '../store/index.js';
import type { AuthorizationCodeRecord, ClientRecord } from '../store/records.js';
import { requireParam, TokenGrant, TokenParams } from './grant.js';

/** RFC 6749 §4.1.3 and RFC 7636 §4.5-4.6: the code is the client's, for this redirect URI, with the right verifier. */
function checkRedemption(code: AuthorizationCodeRecord, params: TokenParams, now: number): void {
  if (code.expiresAt <= now) throw invalidGrant('The authorization code has expired.');
  const redirectUri = params.redirect_uri;
  if ((code.redirectUriSent || redirectUri !== undefined) && redirectUri !== code.redirectUri) {
    throw invalidGrant('redirect_uri does not match the authorization request.');
  }
  const verifier = params.code_verifier;
  if (code.codeChallenge === null) {
    // RFC 9700 §2.1.1: a verifier for a code issued without a challenge is a PKCE downgrade attempt.
    if (verifier !== undefined) throw invalidGrant('code_verifier sent for a request without code_challenge.');
    return;
  }
  if (verifier === undefined) throw invalidGrant('code_verifier is required.');
  if (!codeVerifierPattern.test(verifier)) throw invalidRequest('code_verifier must be 43-128 unreserved characters.');
  if (!verifierMatchesChallenge(verifier, code.codeChallenge)) throw invalidGrant('code_verifier does not match code_challenge.');
}

/** RFC 6749 §4.1.3 with PKCE; single use, and a second redemption revokes what the first one issued (§4.1.2). */
export function authorizationCodeGrant(deps: {
  storage: Storage;
  accessTokens: AccessTokenIssuer;
  refreshTokens: RefreshTokens;
  idTokens: IdTokens;
  auditor: Auditor;
  now: () => number;
  beforeAtomicStep?: BeforeAtomicStep;
}): TokenGrant {
  async function revokeReplayed(code: AuthorizationCodeRecord, meta: RequestMeta): Promise<never> {
    await deps.refreshTokens.revokeFamily(code.grantId, 'code_reuse');
    await deps.auditor.record({ event: 'authorization_code.reuse_detected', outcome: 'failure', clientId: code.clientId, subject: code.userId, detail: { grant_id: code.grantId } }, meta);
    throw invalidGrant('The authorization code was already used.');
  }

  async function redeem(code: AuthorizationCodeRecord, client: ClientRecord) {
    const offline = code.scopes.includes('openid') ? code.scopes.includes('offline_access') : true;
    const withRefresh = offline && client.grantTypes.includes('refresh_token');
    return retryOnDeadlock(() =>
      deps.storage.transaction(async (stores) => {
        if (!(await stores.authorizationCodes.consume(code.codeHash, deps.now()))) return undefined;
        const grant = { id: code.grantId, clientId: client.clientId, userId: code.userId, scopes: code.scopes };
        return deps.refreshTokens.recordGrant(stores, grant, withRefresh, () => invalidGrant('The authorization code is invalid.'));
      }),
    );
  }

  return {
    grantType: 'authorization_code',
    async handle(params, client, meta) {
      const presented = requireParam(params, 'code', invalidRequest);
      const code = await deps.storage.authorizationCodes.find(sha256Hex(presented));
      // RFC 6749 §4.1.3: the code must have been issued to the authenticated client.
      if (!code || code.clientId !== client.clientId) throw invalidGrant('The authorization code is invalid.');
      if (code.consumedAt !== null) return revokeReplayed(code, meta);
      checkRedemption(code, params, deps.now());
      await (deps.beforeAtomicStep ?? noBeforeAtomicStep)('authorization_code.consume', deps.storage);
      const grant = await redeem(code, client);
      if (!grant) return revokeReplayed(code, meta);
      const access = await deps.accessTokens.issue({ clientId: client.clientId, subject: code.userId, scopes: code.scopes, grantId: code.grantId });
      const idToken = code.scopes.includes('openid')
        ? await deps.idTokens.issue({ client, userId: code.userId, authTime: code.authTime, nonce: code.nonce, accessToken: access.token })
        : undefined;
      await deps.auditor.record(
        { event: 'token.issued', outcome: 'success', clientId: client.clientId, subject: code.userId, detail: { grant_type: 'authorization_code', jti: access.claims.jti, refresh: !!grant.refreshToken } },
        meta,
      );
      return {
        access_token: access.token,
        token_type: 'Bearer',
        expires_in: access.expiresIn,
        ...(grant.refreshToken ? { refresh_token: grant.refreshToken } : {}),
        scope: code.scopes.join(' '),
        ...(idToken ? { id_token: idToken } : {}),
      };
    },
  };
}
