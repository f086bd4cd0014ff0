import { createResourceServer, type ResourceServerOptions } from '../../../src/resource-server/index.js';
import { resolveOptions } from '../../../src/resource-server/resolve-options.js';
import { AUDIENCE, ISSUER } from './helpers.js';

const base: ResourceServerOptions = { issuer: ISSUER, audience: AUDIENCE, keys: { jwksUri: 'https://auth.example.test/jwks' } };
const getKey = async () => new Uint8Array();

describe('options', () => {
  it('applies the documented defaults', () => {
    expect(resolveOptions(base)).toEqual({
      ...base,
      algorithms: ['ES256'],
      realm: 'latchkey',
      clockToleranceS: 5,
      now: Date.now,
      revocation: undefined,
    });
  });

  it('keeps the values it is given, copying the algorithm list', () => {
    const now = () => 1_800_000_000_000;
    const algorithms = ['PS256', 'EdDSA'];
    const revocation = { isRevoked: async () => false };
    const resolved = resolveOptions({ ...base, algorithms, realm: 'orders', clockToleranceS: 30, now, revocation });
    expect(resolved).toEqual({ ...base, algorithms, realm: 'orders', clockToleranceS: 30, now, revocation });
    expect(resolved.algorithms).not.toBe(algorithms);
  });

  // Each refusal names the option, so a check that stops working is not hidden by a later one.
  it.each([
    ['alg none', { algorithms: ['none'] }, 'algorithm "none" is not allowed; use an asymmetric one'],
    ['HS256 (RFC 8725 §2.1)', { algorithms: ['ES256', 'HS256'] }, 'algorithm "HS256" is not allowed'],
    ['HS512', { algorithms: ['HS512'] }, 'algorithm "HS512" is not allowed'],
    ['an unknown algorithm', { algorithms: ['ES257'] }, 'algorithm "ES257" is not allowed'],
    ['an empty algorithm list', { algorithms: [] }, 'algorithms must be a non-empty array'],
    ['an algorithm string instead of a list', { algorithms: 'ES256' }, 'algorithms must be a non-empty array'],
    ['an empty issuer', { issuer: '' }, 'issuer must be a non-empty string'],
    ['a missing issuer', { issuer: undefined }, 'issuer must be a non-empty string'],
    ['an empty audience', { audience: '' }, 'audience must be a non-empty string'],
    ['a missing key source', { keys: undefined }, 'keys is required'],
    ['a null key source', { keys: null }, 'keys is required'],
    ['a key source that is a string', { keys: 'https://a.test/jwks' }, 'keys is required'],
    ['both key sources', { keys: { jwksUri: 'https://a.test/jwks', getKey } }, 'keys needs exactly one of jwksUri or getKey'],
    ['no key source', { keys: {} }, 'keys needs exactly one of jwksUri or getKey'],
    ['an empty jwksUri', { keys: { jwksUri: '' } }, 'keys.jwksUri must be a non-empty string'],
    ['a relative jwksUri', { keys: { jwksUri: '/jwks' } }, 'keys.jwksUri must be an absolute URL'],
    ['a plain-http jwksUri off loopback', { keys: { jwksUri: 'http://auth.example.test/jwks' } }, 'keys.jwksUri must use https (http is allowed for loopback hosts only)'],
    ['a jwksUri of another scheme', { keys: { jwksUri: 'ftp://127.0.0.1/jwks' } }, 'keys.jwksUri must use https'],
    ['a getKey that is not a function', { keys: { getKey: 'key' } }, 'keys.getKey must be a function'],
    ['a revocation without a mode', { revocation: {} }, 'revocation needs introspection or an isRevoked function'],
    ['an isRevoked that is not a function', { revocation: { isRevoked: true } }, 'revocation needs introspection or an isRevoked function'],
    ['an introspection endpoint off https', { revocation: { introspection: { endpoint: 'http://a.test/i', clientId: 'rs', clientSecret: 's' } } }, 'revocation.introspection.endpoint must use https'],
    ['an introspection without a client id', { revocation: { introspection: { endpoint: 'https://a.test/i', clientId: '', clientSecret: 's' } } }, 'revocation.introspection.clientId must be a non-empty string'],
    ['an introspection without a secret', { revocation: { introspection: { endpoint: 'https://a.test/i', clientId: 'rs', clientSecret: '' } } }, 'revocation.introspection.clientSecret must be a non-empty string'],
    ['a realm with a line break', { realm: 'a\r\nSet-Cookie: x=y' }, 'realm must be printable ASCII'],
    ['a realm with a non-ASCII letter', { realm: 'réalm' }, 'realm must be printable ASCII'],
    ['a realm that is not a string', { realm: 7 }, 'realm must be printable ASCII'],
    ['a negative clock tolerance', { clockToleranceS: -1 }, 'clockToleranceS must be between 0 and 300'],
    ['a clock tolerance just over the limit', { clockToleranceS: 300.5 }, 'clockToleranceS must be between 0 and 300'],
    ['a huge clock tolerance', { clockToleranceS: 3600 }, 'clockToleranceS must be between 0 and 300'],
    ['a NaN clock tolerance', { clockToleranceS: Number.NaN }, 'clockToleranceS must be between 0 and 300'],
    ['an infinite clock tolerance', { clockToleranceS: Number.POSITIVE_INFINITY }, 'clockToleranceS must be between 0 and 300'],
    ['a clock that is not a function', { now: 1_800_000_000_000 }, 'now must be a function returning epoch milliseconds'],
  ])('refuses %s at creation, naming the option', (_name, override, message) => {
    const create = () => createResourceServer({ ...base, ...override } as ResourceServerOptions);
    expect(create).toThrow(TypeError);
    expect(create).toThrow(`createResourceServer: ${message}`);
  });

  it.each([
    ['loopback http JWKS', { keys: { jwksUri: 'http://127.0.0.1:8080/jwks' } }],
    ['localhost http JWKS', { keys: { jwksUri: 'http://localhost/jwks' } }],
    ['several asymmetric algorithms', { algorithms: ['ES256', 'PS256', 'EdDSA'] }],
    ['a getKey source', { keys: { getKey } }],
    ['an isRevoked callback', { revocation: { isRevoked: async () => false } }],
    ['no clock tolerance', { clockToleranceS: 0 }],
    ['the largest clock tolerance', { clockToleranceS: 300 }],
    ['an introspection endpoint on loopback http', { revocation: { introspection: { endpoint: 'http://[::1]:9000/introspect', clientId: 'rs', clientSecret: 's' } } }],
    ['a printable realm with spaces', { realm: 'My API v2' }],
  ])('accepts %s', (_name, override) => {
    expect(() => createResourceServer({ ...base, ...override } as ResourceServerOptions)).not.toThrow();
  });
});
