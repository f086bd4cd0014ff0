import type { ActorClaim } from '../crypto/access-token-jwt.js';
import type { Authentication } from '../domain/authentication.js';
import type { ClientRecord } from '../domain/records.js';
import { invalidGrant, invalidRequest, invalidScope, invalidTarget, type OAuthError, unauthorizedClient } from '../oauth/errors.js';
import { checkResourceIndicator } from '../oauth/resource-indicators.js';
import { parseScopeParameter } from '../oauth/scopes.js';
import { decideExchange, type ExchangeDecision } from '../oauth/token-exchange-policy.js';
import { ResourceServerError, type VerifiedAccessToken } from '../resource-server/index.js';
import type { AccessTokenVerifier } from '../resource-server/verify-access-token.js';
import { userMayReceiveTokens } from '../services/account-state.js';
import type { Auditor, RequestMeta } from '../services/audit.js';
import type { TokenIssuance } from '../services/token-issuance.js';
import { isAccessTokenRevoked } from '../services/token-status.js';
import type { Stores } from '../store/index.js';
import { requireParam, type TokenGrant, type TokenParams } from './grant.js';

/** RFC 8693 §3: the one token type Latchkey exchanges and issues. */
export const accessTokenType = 'urn:ietf:params:oauth:token-type:access_token';
const maxTokenLength = 8192;

const errorsByCode = { invalid_target: invalidTarget, invalid_grant: invalidGrant, invalid_request: invalidRequest, invalid_scope: invalidScope } as const;

const refusalText: Readonly<Record<Exclude<ExchangeDecision, { allowed: true }>['reason'], string>> = {
  no_policy: 'No exchange policy lets this client have a token for that API.',
  subject_client_not_allowed: 'The subject_token was issued to a client this exchange does not accept.',
  subject_not_for_requester: 'The subject_token was not issued for the API of this client.',
  chain_too_deep: 'The delegation chain would be longer than the policy allows.',
  subject_expired: 'The subject_token has expired.',
  actor_required: 'This exchange is a delegation: send your own access token as actor_token.',
  impersonation_not_allowed: 'This exchange is an impersonation: send no actor_token.',
  no_scope: 'No requested scope is within the scopes of the subject token, the policy and the API.',
};

/** How many actors an `act` claim names (RFC 8693 §4.1 nesting). */
function actDepth(act: unknown): number {
  let depth = 0;
  for (let current = act; typeof current === 'object' && current !== null && depth < 64; current = (current as { act?: unknown }).act) depth += 1;
  return depth;
}

function authenticationOf(token: VerifiedAccessToken): Authentication | undefined {
  if (token.acr === undefined || token.authTime === undefined) return undefined;
  return { acr: token.acr, amr: token.amr ?? [], authTime: token.authTime * 1000 };
}

/** The grant's dependencies: the token checks, the policies, the issuance. */
export interface TokenExchangeDependencies {
  issuance: TokenIssuance;
  /** Latchkey's own verifier (any audience), without the revocation check. */
  verifyAccessToken: AccessTokenVerifier;
  stores: Pick<Stores, 'revokedAccessTokens' | 'users' | 'exchangePolicies' | 'refreshTokens'>;
  auditor: Auditor;
  now: () => number;
}

/** RFC 8693 token exchange (issue 12 §2): a user's access token for another API's, as a policy allows. */
export function tokenExchangeGrant(deps: TokenExchangeDependencies): TokenGrant {
  /** A Latchkey access token that is active now, or `invalid_grant` (RFC 8693 §2.2.2). */
  async function activeToken(value: string, name: 'subject_token' | 'actor_token'): Promise<VerifiedAccessToken> {
    if (value.length > maxTokenLength) throw invalidRequest(`The ${name} is longer than ${maxTokenLength} characters.`);
    let token: VerifiedAccessToken;
    try {
      token = await deps.verifyAccessToken(value);
    } catch (error) {
      if (error instanceof ResourceServerError) throw invalidGrant(`The ${name} is not a valid access token.`);
      throw error;
    }
    if (await isAccessTokenRevoked(deps.stores, token)) throw invalidGrant(`The ${name} is not active.`);
    return token;
  }

  function requireTokenType(params: TokenParams, name: 'subject_token_type' | 'actor_token_type'): void {
    const type = requireParam(params, name, invalidRequest);
    if (type !== accessTokenType) throw invalidRequest(`${name} must be ${accessTokenType}.`);
  }

  /** RFC 8693 §2.1: `resource` and `audience` both name the target; Latchkey knows APIs by one identifier. */
  function targetOf(params: TokenParams): string {
    const { resource, audience } = params;
    if (resource !== undefined && audience !== undefined && resource !== audience) throw invalidTarget('resource and audience name different APIs.');
    const target = resource ?? audience;
    if (target === undefined) throw invalidRequest('Name the API the token is for with resource or audience.');
    return checkResourceIndicator(target);
  }

  async function refuse(client: ClientRecord, meta: RequestMeta, detail: Record<string, unknown>, error: OAuthError): Promise<never> {
    await deps.auditor.record({ event: 'token.exchange_refused', outcome: 'failure', clientId: client.clientId, detail: { ...detail, error: error.code } }, meta);
    throw error;
  }

  return {
    grantType: 'urn:ietf:params:oauth:grant-type:token-exchange',
    async handle(params, client, meta) {
      // Issue 12 §2: confidential clients only (the registration check refuses public ones too).
      if (client.tokenEndpointAuthMethod === 'none') throw unauthorizedClient('Public clients cannot exchange tokens.');
      const subjectValue = requireParam(params, 'subject_token', invalidRequest);
      requireTokenType(params, 'subject_token_type');
      if (params.requested_token_type !== undefined && params.requested_token_type !== accessTokenType) {
        throw invalidRequest(`Only access tokens are issued: requested_token_type must be ${accessTokenType}.`);
      }
      if (params.actor_token !== undefined) requireTokenType(params, 'actor_token_type');
      else if (params.actor_token_type !== undefined) throw invalidRequest('actor_token_type without actor_token.');
      const resource = targetOf(params);

      const subject = await activeToken(subjectValue, 'subject_token');
      // A client-credentials token has no user and no grant: it may act, never be the subject.
      if (subject.sub === subject.clientId || subject.grantId === undefined) throw invalidGrant('The subject_token must be the access token of a user.');
      if (!userMayReceiveTokens(await deps.stores.users.findById(subject.sub))) throw invalidGrant('The subject_token is not active.');
      // What the user granted: a token carries only its own API's scopes (RFC 8707), its grant all of them.
      const grant = await deps.stores.refreshTokens.findGrant(subject.grantId);
      if (!grant || grant.revokedAt !== null || grant.userId !== subject.sub) throw invalidGrant('The subject_token is not active.');
      const actor = params.actor_token === undefined ? undefined : await activeToken(params.actor_token, 'actor_token');
      if (actor && actor.clientId !== client.clientId) throw invalidGrant('The actor_token must be an access token of the requesting client.');

      const catalogue = await deps.issuance.catalogue();
      const api = catalogue.find(resource);
      const detail = { resource, subject_client: subject.clientId, grant_id: subject.grantId, delegation: actor !== undefined };
      if (!api) return refuse(client, meta, { ...detail, reason: 'unknown_resource' }, invalidTarget('The resource is not a registered API.'));
      const decision = decideExchange(await deps.stores.exchangePolicies.listFor(client.clientId), {
        requesterClientId: client.clientId,
        requesterApi: client.resourceServer ? catalogue.apiOfResourceServer(client.clientId).identifier : undefined,
        subject: { clientId: subject.clientId, audience: [subject.claims.aud ?? []].flat(), scopes: grant.scopes, exp: Number(subject.claims.exp), actDepth: actDepth(subject.claims.act) },
        withActor: actor !== undefined,
        resource,
        requestedScopes: parseScopeParameter(params.scope),
        apiScopes: new Set(grant.scopes.filter((scope) => catalogue.apiOf(scope).identifier === api.identifier)),
        now: Math.floor(deps.now() / 1000),
        ttlS: api.accessTokenTtlS ?? Number.POSITIVE_INFINITY,
      });
      if (!decision.allowed) {
        return refuse(client, meta, { ...detail, reason: decision.reason, ...(decision.policyId ? { policy: decision.policyId } : {}) }, errorsByCode[decision.error](refusalText[decision.reason]));
      }
      const previous = subject.claims.act as ActorClaim | undefined;
      // RFC 8693 §4.1: the new actor outermost, the earlier chain nested; impersonation keeps the chain it was given.
      const act: ActorClaim | undefined = actor ? { sub: actor.sub, client_id: actor.clientId, ...(previous ? { act: previous } : {}) } : previous;
      return deps.issuance.issue(
        {
          via: 'token_exchange',
          client,
          subject: subject.sub,
          target: { api, scopes: decision.scopes },
          grantId: subject.grantId,
          ...(authenticationOf(subject) ? { authentication: authenticationOf(subject) } : {}),
          exchange: { act, notAfter: decision.exp, issuedTokenType: accessTokenType, policyId: decision.policyId },
        },
        meta,
      );
    },
  };
}
