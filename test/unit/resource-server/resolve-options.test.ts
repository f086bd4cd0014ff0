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

  it.each([
    ['alg none', { algorithms: ['none'] }],
    ['HS256 (RFC 8725 §2.1)', { algorithms: ['ES256', 'HS256'] }],
    ['HS512', { algorithms: ['HS512'] }],
    ['an unknown algorithm', { algorithms: ['ES257'] }],
    ['an empty algorithm list', { algorithms: [] }],
    ['an empty issuer', { issuer: '' }],
    ['an empty audience', { audience: '' }],
    ['both key sources', { keys: { jwksUri: 'https://a.test/jwks', getKey } }],
    ['no key source', { keys: {} }],
    ['a relative jwksUri', { keys: { jwksUri: '/jwks' } }],
    ['a plain-http jwksUri off loopback', { keys: { jwksUri: 'http://auth.example.test/jwks' } }],
    ['a getKey that is not a function', { keys: { getKey: 'key' } }],
    ['a revocation without a mode', { revocation: {} }],
    ['an introspection without a secret', { revocation: { introspection: { endpoint: 'https://a.test/i', clientId: 'rs', clientSecret: '' } } }],
    ['a realm with a line break', { realm: 'a\r\nSet-Cookie: x=y' }],
    ['a negative clock tolerance', { clockToleranceS: -1 }],
    ['a huge clock tolerance', { clockToleranceS: 3600 }],
    ['a NaN clock tolerance', { clockToleranceS: Number.NaN }],
    ['a clock that is not a function', { now: 1_800_000_000_000 }],
  ])('refuses %s at creation', (_name, override) => {
    expect(() => createResourceServer({ ...base, ...override } as ResourceServerOptions)).toThrow(TypeError);
  });

  it.each([
    ['loopback http JWKS', { keys: { jwksUri: 'http://127.0.0.1:8080/jwks' } }],
    ['localhost http JWKS', { keys: { jwksUri: 'http://localhost/jwks' } }],
    ['several asymmetric algorithms', { algorithms: ['ES256', 'PS256', 'EdDSA'] }],
    ['a getKey source', { keys: { getKey } }],
    ['an isRevoked callback', { revocation: { isRevoked: async () => false } }],
    ['no clock tolerance', { clockToleranceS: 0 }],
  ])('accepts %s', (_name, override) => {
    expect(() => createResourceServer({ ...base, ...override } as ResourceServerOptions)).not.toThrow();
  });
});
