/**
 * The resource server's small rules called directly, below HTTP: what a Node server never hands them
 * (a header with spaces around it) and what only a misconfigured route would (mutation testing found
 * each unguarded; see docs/mutation-testing.md).
 */
import { errors } from 'jose';
import { readAuthenticationContext } from '../../../src/resource-server/authentication-claims.js';
import { extractBearerToken } from '../../../src/resource-server/bearer-token.js';
import { invalidToken, temporarilyUnavailable } from '../../../src/resource-server/errors.js';
import { isLoopbackHost } from '../../../src/resource-server/loopback.js';
import { parseRequiredScopes } from '../../../src/resource-server/scopes.js';
import { describeTokenError } from '../../../src/resource-server/token-error-descriptions.js';

describe('resource-server rules', () => {
  it('reads a Bearer token from a header value with spaces around it', () => {
    expect(extractBearerToken('  Bearer abc.def  ')).toBe('abc.def');
    expect(() => extractBearerToken(undefined)).toThrow('An access token is required.');
  });

  it('refuses scopes that are not an array when the route is declared, naming the bad value', () => {
    expect(() => parseRequiredScopes('read' as unknown as string[])).toThrow('requireToken: scopes must be an array of strings');
    expect(() => parseRequiredScopes(['read', 'with space'])).toThrow('requireToken: "with space" is not a valid scope');
  });

  it.each([
    ['127.0.0.1', true],
    ['127.0.0.10', true],
    ['127.255.255.254', true],
    ['localhost', true],
    ['[::1]', true],
    ['evil127.0.0.1', false],
    ['127.0.0.1.evil.example', false],
    ['128.0.0.1', false],
  ])('isLoopbackHost(%s) is %s (RFC 8252 §8.3)', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });

  it('accepts auth_time 0 (the epoch is a valid NumericDate) and refuses a negative one', () => {
    expect(readAuthenticationContext({ auth_time: 0 })).toEqual({ authTime: 0 });
    expect(readAuthenticationContext({ auth_time: -1 })).toBeUndefined();
  });

  it('describes unknown verification failures with a fixed sentence, never the library message', () => {
    expect(describeTokenError(new errors.JOSEError('secret detail'))).toBe('The access token is invalid.');
    expect(describeTokenError(new Error('secret detail'))).toBe('The access token is invalid.');
  });

  it('keeps the cause of an error for the host application to log, never in the description', () => {
    const cause = new Error('jwks down');
    expect(temporarilyUnavailable(cause).cause).toBe(cause);
    expect(invalidToken('The access token is invalid.', cause).cause).toBe(cause);
    expect(temporarilyUnavailable(cause).description).not.toContain('jwks down');
  });
});
