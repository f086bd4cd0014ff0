import type { VerifiedAccessToken } from './access-token.js';
import { readAuthenticationContext } from './authentication-claims.js';
import { temporarilyUnavailable } from './errors.js';
import { fetchJson } from './fetch-json.js';
import type { IntrospectionRevocation } from './options.js';

/** Resolves `true` when a locally valid token has been revoked. */
export type RevocationCheck = (token: VerifiedAccessToken) => Promise<boolean>;

/**
 * Looks up a locally valid token: `undefined` when it is no longer active, else the token as the
 * look-up knows it (introspection may complete its authentication facts).
 */
export type ActiveTokenCheck = (token: VerifiedAccessToken) => Promise<VerifiedAccessToken | undefined>;

/** The {@link ActiveTokenCheck} of a plain revocation check: the token unchanged unless revoked. */
export function activeUnlessRevoked(isRevoked: RevocationCheck): ActiveTokenCheck {
  return async (token) => ((await isRevoked(token)) ? undefined : token);
}

/** RFC 6749 Appendix B: `application/x-www-form-urlencoded`, as required for Basic credentials. */
function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

/**
 * Builds a check that asks the RFC 7662 introspection endpoint about every token; no answer is
 * cached, so a revocation takes effect at once. The answer's `acr`, `amr` and `auth_time` (RFC 9470
 * §6.2), when present, replace the token's own: the authorization server's current word wins.
 *
 * An unreachable endpoint, a non-200 answer, a body without a boolean `active` or with a malformed
 * `acr`, `amr` or `auth_time` rejects with `temporarily_unavailable`.
 */
export function introspectionCheck({ introspection }: IntrospectionRevocation): ActiveTokenCheck {
  const { endpoint, clientId, clientSecret } = introspection;
  // RFC 6749 §2.3.1: id and secret are form-encoded before being joined and base64-encoded.
  const credentials = Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`).toString('base64');
  return async (token) => {
    const { body } = await fetchJson(
      endpoint,
      {
        method: 'POST',
        headers: {
          authorization: `Basic ${credentials}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        // RFC 7662 §2.1: the token, with a hint of its type.
        body: new URLSearchParams({ token: token.token, token_type_hint: 'access_token' }).toString(),
      },
      'introspection endpoint',
    );
    const answer = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    if (typeof answer.active !== 'boolean') {
      throw temporarilyUnavailable(new Error('introspection answer without a boolean "active"'));
    }
    // RFC 7662 §2.2: `active: false` covers revoked, expired and unknown tokens alike.
    if (!answer.active) return undefined;
    const authentication = readAuthenticationContext(answer);
    if (authentication === undefined) {
      throw temporarilyUnavailable(new Error('introspection answer with a malformed "acr", "amr" or "auth_time"'));
    }
    return { ...token, ...authentication };
  };
}
