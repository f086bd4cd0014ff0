import type { TokenResponse } from '../../generated/types.gen.js';
import type { Authentication } from '../domain/authentication.js';
import type { ClientRecord } from '../domain/records.js';
import { invalidScope } from '../oauth/errors.js';
import { adminScope } from '../oauth/scopes.js';
import type { AccessTokenIssuer } from './access-tokens.js';
import type { Auditor, RequestMeta } from './audit.js';
import type { IdTokens } from './id-tokens.js';

/** How the tokens were obtained: a `grant_type` of the token endpoint, or the implicit response of `/authorize`. */
export type IssuedVia = 'authorization_code' | 'client_credentials' | 'password' | 'refresh_token' | 'implicit';

/** Everything one token response is made of, decided by the grant before issuance. */
export interface TokenIssueRequest {
  readonly via: IssuedVia;
  readonly client: ClientRecord;
  /** The user id, or the client id for client credentials. */
  readonly subject: string;
  readonly scopes: readonly string[];
  /** The grant the access token points to (`grant_id`), so that revoking the grant revokes it. */
  readonly grantId: string;
  /** A refresh token the grant already stored, if it issues one. */
  readonly refreshToken?: string;
  /** The user's sign-in behind a user token: its `auth_time`, `acr` and `amr` go into the tokens (RFC 9068 §2.2.1, OIDC Core §2). */
  readonly authentication?: Authentication;
  /** Set when an ID token goes with the access token (OIDC Core §3.1.3.3, §3.2.2.5); needs `authentication`. */
  readonly idToken?: { readonly nonce: string | null };
}

/** Shapes every token response and records every `token.issued` event. */
export interface TokenIssuance {
  issue(request: TokenIssueRequest, meta: RequestMeta): Promise<TokenResponse>;
}

/**
 * The one place a token response is made: signs the access token (and the ID token bound to it by
 * `at_hash`), writes the `token.issued` audit event, and returns the RFC 6749 §5.1 fields. The
 * `Cache-Control: no-store` that §5.1 requires is set for every API response in `http/security-headers.ts`.
 */
export function createTokenIssuance(deps: { accessTokens: AccessTokenIssuer; idTokens: IdTokens; auditor: Auditor }): TokenIssuance {
  return {
    async issue(request, meta) {
      const { client, subject, grantId, refreshToken, authentication } = request;
      // Issue 13 §4 (RFC 6749 §3.3 lets the server refuse scopes): `admin` only to an admin client by client
      // credentials, and alone, so that one token never serves the admin API and another API; whatever grant asked.
      if (request.scopes.includes(adminScope) && !(request.via === 'client_credentials' && client.admin && request.scopes.length === 1)) {
        throw invalidScope(`The ${adminScope} scope is granted only to admin clients, by client credentials, and alone.`);
      }
      const scopes = [...request.scopes];
      const access = await deps.accessTokens.issue({ clientId: client.clientId, subject, scopes, grantId, authentication });
      const idToken =
        request.idToken && authentication
          ? await deps.idTokens.issue({ client, userId: subject, authentication, nonce: request.idToken.nonce, accessToken: access.token })
          : undefined;
      await deps.auditor.record(
        {
          event: 'token.issued',
          outcome: 'success',
          clientId: client.clientId,
          subject,
          detail: { grant_type: request.via, jti: access.claims.jti, grant_id: grantId, refresh: refreshToken !== undefined, id_token: idToken !== undefined },
        },
        meta,
      );
      return {
        access_token: access.token,
        token_type: 'Bearer',
        expires_in: access.expiresIn,
        ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
        scope: scopes.join(' '),
        ...(idToken === undefined ? {} : { id_token: idToken }),
      };
    },
  };
}
