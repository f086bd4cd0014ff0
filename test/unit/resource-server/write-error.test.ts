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
