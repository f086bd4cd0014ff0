import fc from 'fast-check';
import type { ExchangePolicyRecord } from '../../../src/domain/records.js';
import { decideExchange, type ExchangeFacts } from '../../../src/oauth/token-exchange-policy.js';

const scopeNames = ['a', 'b', 'c', 'd', 'e'];
const scopeSet = fc.subarray(scopeNames);

const policy = (overrides: Partial<ExchangePolicyRecord> = {}): ExchangePolicyRecord => ({
  id: 'p1',
  clientId: 'front',
  subjectClientId: null,
  resource: 'https://back.example',
  maxScopes: ['a', 'b'],
  mode: 'delegation',
  maxDepth: 2,
  anyAudience: false,
  createdAt: 0,
  ...overrides,
});

const facts = (overrides: Partial<ExchangeFacts> = {}): ExchangeFacts => ({
  requesterClientId: 'front',
  requesterApi: 'https://front.example',
  subject: { clientId: 'app', audience: ['https://front.example'], scopes: ['a', 'b', 'c'], exp: 2_000, actDepth: 0 },
  withActor: true,
  resource: 'https://back.example',
  requestedScopes: undefined,
  apiScopes: new Set(['a', 'b', 'c']),
  now: 1_000,
  ttlS: 600,
  ...overrides,
});

describe('token-exchange policy (RFC 8693, issue 12 §2)', () => {
  it('property: any allowed result stays within the subject’s scope, the policy’s, the API’s and the request’s, and ends no later than the subject', () => {
    fc.assert(
      fc.property(
        scopeSet,
        scopeSet,
        scopeSet,
        fc.option(scopeSet, { nil: undefined }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 1, max: 5_000 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 5 }),
        fc.boolean(),
        (subjectScopes, maxScopes, apiScopes, requested, subjectExp, ttlS, actDepth, maxDepth, withActor) => {
          const decision = decideExchange([policy({ maxScopes, maxDepth, mode: withActor ? 'delegation' : 'impersonation' })], facts({
            subject: { clientId: 'app', audience: ['https://front.example'], scopes: subjectScopes, exp: subjectExp, actDepth },
            requestedScopes: requested,
            apiScopes: new Set(apiScopes),
            ttlS,
            withActor,
          }));
          if (!decision.allowed) return;
          for (const scope of decision.scopes) {
            expect(subjectScopes).toContain(scope);
            expect(maxScopes).toContain(scope);
            expect(apiScopes).toContain(scope);
            if (requested) expect(requested).toContain(scope);
          }
          expect(decision.scopes.length).toBeGreaterThan(0);
          expect(decision.exp).toBeLessThanOrEqual(subjectExp);
          expect(decision.exp).toBeLessThanOrEqual(1_000 + ttlS);
          expect(decision.exp).toBeGreaterThan(1_000);
          expect(decision.depth).toBeLessThanOrEqual(maxDepth);
        },
      ),
    );
  });

  it('allows the delegation the policy describes', () => {
    expect(decideExchange([policy()], facts())).toEqual({ allowed: true, policyId: 'p1', scopes: ['a', 'b'], exp: 1_600, depth: 1 });
    expect(decideExchange([policy()], facts({ requestedScopes: ['b', 'c'] }))).toMatchObject({ allowed: true, scopes: ['b'] });
    expect(decideExchange([policy()], facts({ subject: { ...facts().subject, exp: 1_100 } }))).toMatchObject({ allowed: true, exp: 1_100 });
  });

  it.each([
    ['no policy of the requester', [policy({ clientId: 'other' })], facts(), 'no_policy', 'invalid_target'],
    ['no policy for the API', [policy({ resource: 'https://elsewhere.example' })], facts(), 'no_policy', 'invalid_target'],
    ['a subject token of another client', [policy({ subjectClientId: 'someone' })], facts(), 'subject_client_not_allowed', 'invalid_grant'],
    ['no actor for a delegation', [policy()], facts({ withActor: false }), 'actor_required', 'invalid_request'],
    ['an actor for an impersonation', [policy({ mode: 'impersonation' })], facts(), 'impersonation_not_allowed', 'invalid_request'],
    ['a subject token for another API', [policy()], facts({ subject: { ...facts().subject, audience: ['https://other.example'] } }), 'subject_not_for_requester', 'invalid_grant'],
    ['a requester tied to no API', [policy()], facts({ requesterApi: undefined }), 'subject_not_for_requester', 'invalid_grant'],
    ['a chain too deep', [policy({ maxDepth: 1 })], facts({ subject: { ...facts().subject, actDepth: 1 } }), 'chain_too_deep', 'invalid_grant'],
    ['an expired subject', [policy()], facts({ subject: { ...facts().subject, exp: 1_000 } }), 'subject_expired', 'invalid_grant'],
    ['no scope left', [policy({ maxScopes: ['d'] })], facts(), 'no_scope', 'invalid_scope'],
  ])('refuses %s', (_label, policies, request, reason, error) => {
    expect(decideExchange(policies, request)).toMatchObject({ allowed: false, reason, error });
  });

  it('accepts a subject token for any API when the policy says so, and the depth the policy allows', () => {
    const elsewhere = facts({ subject: { ...facts().subject, audience: ['https://other.example'] } });
    expect(decideExchange([policy({ anyAudience: true })], elsewhere)).toMatchObject({ allowed: true });
    expect(decideExchange([policy({ maxDepth: 2 })], facts({ subject: { ...facts().subject, actDepth: 1 } }))).toMatchObject({ allowed: true, depth: 2 });
    expect(decideExchange([policy({ mode: 'impersonation', maxDepth: 0 })], facts({ withActor: false }))).toMatchObject({ allowed: true, depth: 0 });
  });

  it('takes the first policy that allows, and otherwise the reason of the one that got furthest', () => {
    const strict = policy({ id: 'strict', subjectClientId: 'someone' });
    const scopeless = policy({ id: 'scopeless', maxScopes: ['d'] });
    expect(decideExchange([strict, scopeless], facts())).toMatchObject({ allowed: false, policyId: 'scopeless', reason: 'no_scope' });
    expect(decideExchange([scopeless, strict], facts())).toMatchObject({ allowed: false, policyId: 'scopeless', reason: 'no_scope' });
    expect(decideExchange([strict, policy({ id: 'open' })], facts())).toMatchObject({ allowed: true, policyId: 'open' });
  });
});
