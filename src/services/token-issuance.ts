import type { TokenResponse } from '../../generated/types.gen.js';
import type { Authentication } from '../domain/authentication.js';
import type { ClientRecord } from '../domain/records.js';
import { invalidScope, invalidTarget } from '../oauth/errors.js';
import { type ApiCatalogue, type ApiTarget, type TokenTarget, tokenTarget } from '../oauth/resource-indicators.js';
import { adminScope } from '../oauth/scopes.js';
import type { ActorClaim } from '../crypto/access-token-jwt.js';
import type { AccessTokenIssuer } from './access-tokens.js';
import type { ApiCatalogueSource } from './api-catalogue.js';
import type { Auditor, RequestMeta } from './audit.js';
import type { IdTokens } from './id-tokens.js';

/** How the tokens were obtained: a `grant_type` of the token endpoint, or the implicit response of `/authorize`. */
export type IssuedVia = 'authorization_code' | 'client_credentials' | 'password' | 'refresh_token' | 'implicit' | 'token_exchange';

/** What decides which API an access token is for: the request's `resource`, the grant's, and the scopes. */
export interface TargetRequest {
  readonly via: IssuedVia;
  readonly client: ClientRecord;
  /** The `resource` of the token request (RFC 8707 §2.2). */
  readonly resource?: string | undefined;
  /** The resources the authorization request named (RFC 8707 §2.1); empty when none. */
  readonly grantResources: readonly string[];
  /** The scopes granted for this request, of every API. */
  readonly scopes: readonly string[];
}

/** Everything one token response is made of, decided by the grant before issuance. */
export interface TokenIssueRequest {
  readonly via: IssuedVia;
  readonly client: ClientRecord;
  /** The user id, or the client id for client credentials. */
  readonly subject: string;
  /** The API the access token is for and the scopes it carries, from {@link TokenIssuance.targetFor}. */
  readonly target: TokenTarget;
  /** The grant the access token points to (`grant_id`), so that revoking the grant revokes it. */
  readonly grantId: string;
  /** A refresh token the grant already stored, if it issues one. */
  readonly refreshToken?: string;
  /** The user's sign-in behind a user token: its `auth_time`, `acr` and `amr` go into the tokens (RFC 9068 §2.2.1, OIDC Core §2). */
  readonly authentication?: Authentication;
  /** Set when an ID token goes with the access token (OIDC Core §3.1.3.3, §3.2.2.5); needs `authentication`. */
  readonly idToken?: { readonly nonce: string | null };
  /** Token exchange (RFC 8693): the actor chain, the subject token's `exp` as the latest end, and `issued_token_type`. */
  readonly exchange?: { readonly act: ActorClaim | undefined; readonly notAfter: number; readonly issuedTokenType: string; readonly policyId: string };
}

/** Decides every token response's audience and scopes, shapes it, and records every `token.issued` event. */
export interface TokenIssuance {
  /** The registered APIs as they are now (about a second old at most), for {@link targetFor}. */
  catalogue(): Promise<ApiCatalogue>;
  /**
   * The one API the access token is for and its scopes; throws `invalid_target` or `invalid_scope`.
   * Synchronous, so a grant can decide inside the transaction that uses up its code or refresh token.
   */
  targetFor(catalogue: ApiCatalogue, request: TargetRequest): TokenTarget;
  issue(request: TokenIssueRequest, meta: RequestMeta): Promise<TokenResponse>;
}

/**
 * The one place a token response is made: decides the audience (RFC 8707), signs the access token (and
 * the ID token bound to it by `at_hash`), writes the `token.issued` audit event, and returns the RFC
 * 6749 §5.1 fields. The `Cache-Control: no-store` that §5.1 requires is set for every API response in
 * `http/security-headers.ts`.
 */
export function createTokenIssuance(deps: { accessTokens: AccessTokenIssuer; idTokens: IdTokens; auditor: Auditor; apis: ApiCatalogueSource; adminAudience: string }): TokenIssuance {
  const adminApi: ApiTarget = { identifier: deps.adminAudience, name: 'admin API', accessTokenTtlS: null };
  return {
    catalogue: () => deps.apis.current(),
    targetFor(catalogue, request) {
      if (!request.scopes.includes(adminScope)) return tokenTarget({ ...request, defaultResource: request.client.defaultResource }, catalogue);
      // Issue 13 §4 (RFC 6749 §3.3 lets the server refuse scopes): `admin` only to an admin client by client
      // credentials, and alone, so that one token never serves the admin API and another API; whatever grant asked.
      if (!(request.via === 'client_credentials' && request.client.admin && request.scopes.length === 1)) {
        throw invalidScope(`The ${adminScope} scope is granted only to admin clients, by client credentials, and alone.`);
      }
      if (request.resource !== undefined && request.resource !== adminApi.identifier) throw invalidTarget(`A token with the ${adminScope} scope is for the admin API only.`);
      return { api: adminApi, scopes: [adminScope] };
    },
    async issue(request, meta) {
      const { client, subject, grantId, refreshToken, authentication, target } = request;
      const scopes = [...target.scopes];
      const access = await deps.accessTokens.issue({
        clientId: client.clientId,
        subject,
        scopes,
        audience: target.api.identifier,
        ttlS: target.api.accessTokenTtlS,
        grantId,
        authentication,
        notAfter: request.exchange?.notAfter,
        act: request.exchange?.act,
      });
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
          detail: {
            grant_type: request.via,
            jti: access.claims.jti,
            grant_id: grantId,
            aud: target.api.identifier,
            refresh: refreshToken !== undefined,
            id_token: idToken !== undefined,
            ...(request.exchange ? { policy: request.exchange.policyId, act: request.exchange.act ?? null } : {}),
          },
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
        ...(request.exchange ? { issued_token_type: request.exchange.issuedTokenType } : {}),
      };
    },
  };
}
