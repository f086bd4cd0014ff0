import type { ExchangePolicyRecord } from '../domain/records.js';

/** What a token-exchange request is, once its tokens are verified (RFC 8693 §2.1). */
export interface ExchangeFacts {
  /** The client asking. */
  readonly requesterClientId: string;
  /** The identifier of the API the requester is tied to (its resource-server client), if any. */
  readonly requesterApi: string | undefined;
  /** The verified subject token. */
  readonly subject: {
    readonly clientId: string;
    readonly audience: readonly string[];
    /**
     * The subject's scope: what the user granted the token's client (its grant). The token itself carries
     * only its own API's scopes (RFC 8707), so the grant is what an exchange for another API stays within.
     */
    readonly scopes: readonly string[];
    /** Epoch seconds. */
    readonly exp: number;
    /** How many actors its `act` chain already names (0: none). */
    readonly actDepth: number;
  };
  /** Whether a (verified) actor token came with the request: delegation, else impersonation. */
  readonly withActor: boolean;
  /** The identifier of the target API (`resource` or `audience`). */
  readonly resource: string;
  /** The `scope` parameter, if any. */
  readonly requestedScopes: readonly string[] | undefined;
  /** The scopes of the target API (RFC 8707: a token carries only its API's scopes). */
  readonly apiScopes: ReadonlySet<string>;
  /** Epoch seconds, and the target API's access-token lifetime. */
  readonly now: number;
  readonly ttlS: number;
}

/** Why an exchange is refused, and the RFC 8693 §2.2.2 error it is answered with. */
export type ExchangeRefusal =
  | { readonly reason: 'no_policy'; readonly error: 'invalid_target' }
  | { readonly reason: 'subject_client_not_allowed' | 'subject_not_for_requester' | 'chain_too_deep' | 'subject_expired'; readonly error: 'invalid_grant' }
  | { readonly reason: 'actor_required' | 'impersonation_not_allowed'; readonly error: 'invalid_request' }
  | { readonly reason: 'no_scope'; readonly error: 'invalid_scope' };

/** The decision: with which policy, which scopes and until when; or why not. */
export type ExchangeDecision =
  | { readonly allowed: true; readonly policyId: string; readonly scopes: string[]; readonly exp: number; readonly depth: number }
  | ({ readonly allowed: false; readonly policyId?: string } & ExchangeRefusal);

/** The order refusals are told in: the further a policy got, the more useful its reason. */
const stage: Readonly<Record<ExchangeRefusal['reason'], number>> = {
  no_policy: 0,
  subject_client_not_allowed: 1,
  actor_required: 2,
  impersonation_not_allowed: 2,
  subject_not_for_requester: 3,
  chain_too_deep: 4,
  subject_expired: 5,
  no_scope: 6,
};

function judge(policy: ExchangePolicyRecord, facts: ExchangeFacts): ExchangeDecision {
  const refuse = (refusal: ExchangeRefusal): ExchangeDecision => ({ allowed: false, policyId: policy.id, ...refusal });
  const { subject } = facts;
  if (policy.subjectClientId !== null && policy.subjectClientId !== subject.clientId) return refuse({ reason: 'subject_client_not_allowed', error: 'invalid_grant' });
  if (policy.mode === 'delegation' && !facts.withActor) return refuse({ reason: 'actor_required', error: 'invalid_request' });
  if (policy.mode === 'impersonation' && facts.withActor) return refuse({ reason: 'impersonation_not_allowed', error: 'invalid_request' });
  // Issue 12 §2: the subject token must have been meant for the requester's own API, unless the policy says any.
  if (!policy.anyAudience && (facts.requesterApi === undefined || !subject.audience.includes(facts.requesterApi))) {
    return refuse({ reason: 'subject_not_for_requester', error: 'invalid_grant' });
  }
  // RFC 8693 §4.1: each delegation nests the previous `act`; the chain is capped.
  const depth = subject.actDepth + (facts.withActor ? 1 : 0);
  if (depth > policy.maxDepth) return refuse({ reason: 'chain_too_deep', error: 'invalid_grant' });
  if (subject.exp <= facts.now) return refuse({ reason: 'subject_expired', error: 'invalid_grant' });
  const allowed = new Set(policy.maxScopes);
  const scopes = [...new Set(facts.requestedScopes ?? subject.scopes)].filter((scope) => subject.scopes.includes(scope) && allowed.has(scope) && facts.apiScopes.has(scope));
  if (scopes.length === 0) return refuse({ reason: 'no_scope', error: 'invalid_scope' });
  // The new token ends no later than the subject token: an exchange never extends a user's access.
  return { allowed: true, policyId: policy.id, scopes, exp: Math.min(facts.now + facts.ttlS, subject.exp), depth };
}

/**
 * Issue 12 §2: the one decision of a token exchange, a pure function of the policies and the verified
 * facts. The first policy of the requester for the target API that allows the exchange wins; when none
 * does, the refusal of the policy that got furthest is the answer (and goes into the audit event).
 */
export function decideExchange(policies: readonly ExchangePolicyRecord[], facts: ExchangeFacts): ExchangeDecision {
  let best: Extract<ExchangeDecision, { allowed: false }> = { allowed: false, reason: 'no_policy', error: 'invalid_target' };
  for (const policy of policies) {
    if (policy.clientId !== facts.requesterClientId || policy.resource !== facts.resource) continue;
    const decision = judge(policy, facts);
    if (decision.allowed) return decision;
    if (stage[decision.reason] > stage[best.reason]) best = decision;
  }
  return best;
}
