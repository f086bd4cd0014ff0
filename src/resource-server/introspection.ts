import type { VerifiedAccessToken } from './access-token.js';
import { temporarilyUnavailable } from './errors.js';
import { fetchJson } from './fetch-json.js';
import type { IntrospectionRevocation } from './options.js';

/** Resolves `true` when a locally valid token has been revoked. */
export type RevocationCheck = (token: VerifiedAccessToken) => Promise<boolean>;

/** RFC 6749 Appendix B: `application/x-www-form-urlencoded`, as required for Basic credentials. */
function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

/**
 * Builds a revocation check that asks the RFC 7662 introspection endpoint about every token; no
 * answer is cached, so a revocation takes effect at once.
 *
 * An unreachable endpoint, a non-200 answer or a body without a boolean `active` rejects with
 * `temporarily_unavailable`.
 */
export function introspectionCheck({ introspection }: IntrospectionRevocation): RevocationCheck {
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
    const active = (body as { active?: unknown } | null)?.active;
    if (typeof active !== 'boolean') {
      throw temporarilyUnavailable(new Error('introspection answer without a boolean "active"'));
    }
    // RFC 7662 §2.2: `active: false` covers revoked, expired and unknown tokens alike.
    return !active;
  };
}
