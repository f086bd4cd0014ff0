import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePresentedClient as presentedClient, presentedClientOf } from '../../../src/oauth/presented-client.js';
import { oauthError } from '../../helpers/oauth-error.js';

/** `Basic` over the exact bytes given: no form-encoding is applied here. */
const basicRaw = (userPass: string): string => `Basic ${Buffer.from(userPass, 'utf8').toString('base64')}`;

describe('parsePresentedClient: client_secret_basic (RFC 6749 §2.3.1)', () => {
  it('reads a plain id and secret', () => {
    expect(presentedClient(basicRaw('my-client:s3cret'), {})).toEqual({ method: 'client_secret_basic', clientId: 'my-client', secret: 's3cret' });
  });

  it('form-decodes id and secret: %3A is a colon, + is a space, %2B is a plus', () => {
    expect(presentedClient(basicRaw('urn%3Aexample%3Aclient:a+b%2Bc%25d'), {})).toEqual({
      method: 'client_secret_basic',
      clientId: 'urn:example:client',
      secret: 'a b+c%d',
    });
  });

  it('splits at the first colon only, so a raw colon stays in the secret', () => {
    expect(presentedClient(basicRaw('id:se:cret'), {})).toMatchObject({ clientId: 'id', secret: 'se:cret' });
  });

  it('decodes UTF-8 percent-escapes', () => {
    expect(presentedClient(basicRaw('caf%C3%A9:p%C3%A4ss'), {})).toMatchObject({ clientId: 'café', secret: 'päss' });
  });

  it('accepts an empty secret (authentication then fails on it), unpadded base64 and any case of the scheme', () => {
    expect(presentedClient(basicRaw('id:'), {})).toMatchObject({ clientId: 'id', secret: '' });
    const unpadded = `Basic ${Buffer.from('ab:c').toString('base64').replace(/=+$/, '')}`;
    expect(presentedClient(unpadded, {})).toMatchObject({ clientId: 'ab', secret: 'c' });
    expect(presentedClient(`bAsIc ${Buffer.from('id:s').toString('base64')}`, {})).toMatchObject({ method: 'client_secret_basic', clientId: 'id' });
  });

  it('accepts a client_id in the body that matches the Basic id', () => {
    expect(presentedClient(basicRaw('my-client:s'), { client_id: 'my-client' })).toMatchObject({ method: 'client_secret_basic', clientId: 'my-client' });
  });

  const malformed = 'Malformed Basic credentials.';
  const otherScheme = 'Only HTTP Basic client authentication is accepted in the Authorization header.';
  it.each([
    ['Basic alone', 'Basic', malformed],
    ['Basic and a space', 'Basic ', malformed],
    ['a value that is not base64', 'Basic !!!!', malformed],
    ['two credentials', `${basicRaw('a:b')} ${Buffer.from('c:d').toString('base64')}`, malformed],
    ['text before the scheme', `x ${basicRaw('a:b')}`, otherScheme],
    ['text after the credentials', `${basicRaw('a:b')} x`, malformed],
    ['two spaces after the scheme', `Basic  ${Buffer.from('a:b').toString('base64')}`, malformed],
    ['no colon', basicRaw('just-an-id'), malformed],
    ['an empty client id', basicRaw(':secret'), malformed],
    ['a bad escape in the id', basicRaw('%zz:secret'), malformed],
    ['a bad escape in the secret', basicRaw('id:%E0%A4%A'), malformed],
    ['the Bearer scheme', 'Bearer abc', otherScheme],
    ['the Digest scheme', 'Digest username="a"', otherScheme],
    ['a scheme that only starts with Basic', `Basically ${Buffer.from('a:b').toString('base64')}`, otherScheme],
    ['an empty header', '', otherScheme],
  ])('refuses %s with invalid_client', (_label, header, description) => {
    expect(oauthError(() => presentedClient(header, {}))).toMatchObject({ code: 'invalid_client', status: 401, description });
  });

  it('reads credentials with spaces around the header value', () => {
    expect(presentedClient(`  ${basicRaw('id:s')}  `, {})).toEqual({ method: 'client_secret_basic', clientId: 'id', secret: 's' });
  });

  it('refuses Basic plus client_secret in the body with invalid_request (one method per request)', () => {
    expect(oauthError(() => presentedClient(basicRaw('id:s'), { client_secret: 's' }))).toMatchObject({
      code: 'invalid_request',
      status: 400,
      description: 'Use only one client authentication method.',
    });
    expect(oauthError(() => presentedClient(basicRaw('id:s'), { client_id: 'id', client_secret: '' }))).toMatchObject({ code: 'invalid_request' });
  });

  it('refuses a body client_id that differs from the Basic id with invalid_request', () => {
    expect(oauthError(() => presentedClient(basicRaw('id:s'), { client_id: 'other' }))).toMatchObject({
      code: 'invalid_request',
      description: 'client_id does not match the authenticated client.',
    });
    expect(oauthError(() => presentedClient(basicRaw('urn%3Aa:s'), { client_id: 'urn%3Aa' }))).toMatchObject({ code: 'invalid_request' });
  });
});

describe('parsePresentedClient: body methods', () => {
  it('reads client_secret_post', () => {
    expect(presentedClient(undefined, { client_id: 'id', client_secret: 's' })).toEqual({ method: 'client_secret_post', clientId: 'id', secret: 's' });
  });

  it('treats an empty client_secret as client_secret_post (authentication then fails)', () => {
    expect(presentedClient(undefined, { client_id: 'id', client_secret: '' })).toEqual({ method: 'client_secret_post', clientId: 'id', secret: '' });
  });

  it('reads a public client (method none) from client_id alone', () => {
    expect(presentedClient(undefined, { client_id: 'public-app' })).toEqual({ method: 'none', clientId: 'public-app' });
  });

  it.each([
    ['a secret without id', { client_secret: 's' }],
    ['a secret with an empty id', { client_id: '', client_secret: 's' }],
  ])('refuses %s with invalid_request', (_label, body) => {
    expect(oauthError(() => presentedClient(undefined, body))).toMatchObject({ code: 'invalid_request', status: 400, description: 'client_secret requires client_id.' });
  });

  it.each([
    ['nothing at all', {}],
    ['an empty client_id', { client_id: '' }],
  ])('answers invalid_client for %s', (_label, body) => {
    expect(oauthError(() => presentedClient(undefined, body))).toMatchObject({ code: 'invalid_client', status: 401, description: 'Client authentication is required.' });
  });
});

describe('parsePresentedClient: boundaries', () => {
  it('accepts a one-character client id in Basic (only an empty id is malformed)', () => {
    expect(presentedClient(basicRaw('a:s'), {})).toEqual({ method: 'client_secret_basic', clientId: 'a', secret: 's' });
  });
});

describe('presentedClientOf: one parse per request', () => {
  it('returns the same parse to every caller that holds the request headers (rate limiter, operation)', () => {
    const headers = { authorization: basicRaw('id:s') };
    const body = {};
    const first = presentedClientOf({ headers, body });
    expect(presentedClientOf({ headers, body })).toBe(first);
    expect(presentedClientOf({ headers: { ...headers }, body })).not.toBe(first);
  });

  it('rethrows the same error to every caller', () => {
    const headers = { authorization: 'Basic !!!' };
    const thrown = () => {
      try {
        presentedClientOf({ headers });
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const first = thrown();
    expect(first).toMatchObject({ code: 'invalid_client' });
    expect(thrown()).toBe(first);
  });

  it('is the only caller of parsePresentedClient in src (so no code path parses the header twice)', () => {
    const src = join(__dirname, '../../../src');
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const callers = files.filter((f) => /\bparsePresentedClient\(/.test(readFileSync(join(src, f), 'utf8')));
    expect(callers).toEqual([join('oauth', 'presented-client.ts')]);
  });
});
