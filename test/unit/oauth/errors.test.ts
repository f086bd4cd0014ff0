import {
  invalidClient,
  invalidGrant,
  invalidRequest,
  invalidScope,
  OAuthError,
  type OAuthErrorCode,
  quoteInput,
  unauthorizedClient,
  unsupportedGrantType,
} from '../../../src/oauth/errors.js';

describe('OAuthError', () => {
  it.each<[OAuthErrorCode, number]>([
    ['invalid_request', 400],
    ['invalid_client', 401],
    ['invalid_grant', 400],
    ['unauthorized_client', 400],
    ['unsupported_grant_type', 400],
    ['invalid_scope', 400],
    ['unsupported_token_type', 400],
    ['invalid_token', 401],
    ['insufficient_scope', 403],
    ['server_error', 500],
    ['temporarily_unavailable', 503],
  ])('%s answers %d (RFC 6749 §5.2, RFC 6750 §3.1, RFC 7009 §2.2.1)', (code, status) => {
    expect(new OAuthError(code, 'why')).toMatchObject({ code, status, description: 'why', message: `${code}: why`, name: 'OAuthError' });
  });

  it('has the bare code as its message without a description', () => {
    expect(new OAuthError('invalid_token').message).toBe('invalid_token');
  });

  it('builds each error with its code and description', () => {
    expect(invalidRequest('a')).toMatchObject({ code: 'invalid_request', description: 'a' });
    expect(invalidGrant('b')).toMatchObject({ code: 'invalid_grant', description: 'b' });
    expect(invalidScope('c')).toMatchObject({ code: 'invalid_scope', description: 'c' });
    expect(unauthorizedClient('d')).toMatchObject({ code: 'unauthorized_client', description: 'd' });
    expect(unsupportedGrantType('e')).toMatchObject({ code: 'unsupported_grant_type', description: 'e' });
    expect(invalidClient('f')).toMatchObject({ code: 'invalid_client', description: 'f' });
    expect(invalidClient()).toMatchObject({ code: 'invalid_client', description: 'Client authentication failed.' });
  });
});

describe('quoteInput: client input inside an error_description (RFC 6749 §5.2)', () => {
  it('keeps the allowed characters, %x20-21 / %x23-5B / %x5D-7E', () => {
    const allowed = ' !#$%&\'()*+,-./09:;<=>?@AZ[]^_`az{|}~';
    expect(quoteInput(allowed)).toBe(allowed);
  });

  it.each([
    ['a double quote', 'a"b'],
    ['a backslash', 'a\\b'],
    ['a line break', 'a\nb'],
    ['a tab', 'a\tb'],
    ['a DEL', 'a\x7fb'],
    ['a non-ASCII letter', 'aéb'],
  ])('replaces %s with ?', (_name, value) => {
    expect(quoteInput(value)).toBe('a?b');
  });

  it('cuts what is longer than the limit, and only that', () => {
    expect(quoteInput('x'.repeat(64))).toBe('x'.repeat(64));
    expect(quoteInput('x'.repeat(65))).toBe(`${'x'.repeat(64)}...`);
    expect(quoteInput('abcdef', 3)).toBe('abc...');
    expect(quoteInput('abc', 3)).toBe('abc');
  });
});
