import type { Server } from 'node:http';
import { ResourceServerError, createResourceServer } from '../../../src/resource-server/index.js';
import { bearerChallenge, quote } from '../../../src/resource-server/write-error.js';
import { AUDIENCE, ISSUER, call, close, startApi } from './helpers.js';

describe('writing errors', () => {
  it('escapes backslashes and quotes in quoted-strings (RFC 9110 §5.6.4)', () => {
    expect(quote('a "b" \\ c')).toBe('"a \\"b\\" \\\\ c"');
  });

  it('builds each challenge shape', () => {
    const scope = new ResourceServerError('insufficient_scope', 'Need more.', { requiredScopes: ['a', 'b:c'] });
    expect(bearerChallenge(scope, 'r')).toBe(
      'Bearer realm="r", error="insufficient_scope", error_description="Need more.", scope="a b:c"',
    );
    expect(bearerChallenge(new ResourceServerError('token_required', 'x'), 'r')).toBe('Bearer realm="r"');
    expect(bearerChallenge(new ResourceServerError('invalid_token', 'Bad.'), 'r')).toBe(
      'Bearer realm="r", error="invalid_token", error_description="Bad."',
    );
  });

  it('builds the RFC 9470 §3 step-up challenge: acr_values space-separated, max_age, each only when given', () => {
    const stepUp = (options: { acrValues?: string[]; maxAge?: number }) =>
      bearerChallenge(new ResourceServerError('insufficient_user_authentication', 'Sign in again.', options), 'r');
    const start = 'Bearer realm="r", error="insufficient_user_authentication", error_description="Sign in again."';
    expect(stepUp({ acrValues: ['urn:latchkey:acr:mfa', 'phr'] })).toBe(`${start}, acr_values="urn:latchkey:acr:mfa phr"`);
    expect(stepUp({ maxAge: 0 })).toBe(`${start}, max_age="0"`);
    expect(stepUp({ acrValues: ['phr'], maxAge: 300 })).toBe(`${start}, acr_values="phr", max_age="300"`);
    expect(stepUp({})).toBe(start);
    expect(stepUp({ acrValues: [] })).toBe(start);
  });

  it('escapes quotes and backslashes in acr values inside acr_values (RFC 9110 §5.6.4)', () => {
    const error = new ResourceServerError('insufficient_user_authentication', 'x', { acrValues: ['a"b', 'c\\d'] });
    expect(bearerChallenge(error, 'r')).toBe('Bearer realm="r", error="insufficient_user_authentication", error_description="x", acr_values="a\\"b c\\\\d"');
  });

  it('sends acr_values and max_age only in a step-up challenge', () => {
    const scope = new ResourceServerError('insufficient_scope', 'x', { requiredScopes: ['a'], acrValues: ['phr'], maxAge: 5 });
    expect(bearerChallenge(scope, 'r')).toBe('Bearer realm="r", error="insufficient_scope", error_description="x", scope="a"');
  });

  it('uses a configured realm, escaped, on the wire', async () => {
    const rs = createResourceServer({
      issuer: ISSUER, audience: AUDIENCE, realm: 'Acme "Notes" \\ API', keys: { getKey: async () => new Uint8Array() },
    });
    const api: { url: string; server: Server } = await startApi(rs);
    try {
      expect((await call(`${api.url}/me`)).wwwAuthenticate).toBe('Bearer realm="Acme \\"Notes\\" \\\\ API"');
    } finally {
      await close(api.server);
    }
  });
});
