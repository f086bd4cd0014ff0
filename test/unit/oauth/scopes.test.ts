import { oauthError } from '../../helpers/oauth-error.js';
import { grantableScopes, narrowedScopes, parseScopeParameter } from '../../../src/oauth/scopes.js';

describe('parseScopeParameter (RFC 6749 §3.3)', () => {
  it('leaves an absent scope absent', () => {
    expect(parseScopeParameter(undefined)).toBeUndefined();
  });

  it('splits on spaces, keeps order and collapses duplicates', () => {
    expect(parseScopeParameter('read')).toEqual(['read']);
    expect(parseScopeParameter('read write')).toEqual(['read', 'write']);
    expect(parseScopeParameter('write read write read')).toEqual(['write', 'read']);
    expect(parseScopeParameter(' read  write ')).toEqual(['read', 'write']);
  });

  it('accepts every character of scope-token = 1*( %x21 / %x23-5B / %x5D-7E )', () => {
    const allowed = [0x21, ...Array.from({ length: 0x5b - 0x23 + 1 }, (_, i) => 0x23 + i), ...Array.from({ length: 0x7e - 0x5d + 1 }, (_, i) => 0x5d + i)];
    const token = String.fromCharCode(...allowed);
    expect(parseScopeParameter(token)).toEqual([token]);
    expect(parseScopeParameter('urn:example:read https://api.example.com/write a!b#c[d]e{f}~')).toHaveLength(3);
  });

  it.each([
    ['a double quote', 'read "write"'],
    ['a backslash', 're\\ad'],
    ['a tab', 'read\twrite'],
    ['a newline', 'read\nwrite'],
    ['a carriage return', 'read\r'],
    ['NUL', 'read\u0000'],
    ['DEL', 'read\u007f'],
    ['a non-ASCII letter', 'réad'],
    ['a no-break space', 'read\u00a0write'],
    ['an emoji', '\u{1F600}'],
  ])('refuses %s with invalid_request', (_label, scope) => {
    expect(oauthError(() => parseScopeParameter(scope))).toMatchObject({ code: 'invalid_request', status: 400 });
  });

  it.each([[''], [' '], ['    ']])('refuses the empty scope %j with invalid_request', (scope) => {
    expect(oauthError(() => parseScopeParameter(scope))).toMatchObject({ code: 'invalid_request', status: 400 });
  });
});

describe('grantableScopes', () => {
  const allowed = ['read', 'write'] as const;

  it('defaults to every allowed scope, as a copy', () => {
    const granted = grantableScopes(undefined, allowed);
    expect(granted).toEqual(['read', 'write']);
    granted.push('admin');
    expect(allowed).toEqual(['read', 'write']);
  });

  it('grants a requested subset, or the full set', () => {
    expect(grantableScopes(['read'], allowed)).toEqual(['read']);
    expect(grantableScopes(['write', 'read'], allowed)).toEqual(['write', 'read']);
  });

  it.each([
    ['an unknown scope', ['admin']],
    ['one unknown scope among allowed ones', ['read', 'admin']],
    ['a scope differing only in case', ['READ']],
  ])('refuses %s with invalid_scope naming it', (_label, requested) => {
    const error = oauthError(() => grantableScopes(requested, allowed));
    expect(error).toMatchObject({ code: 'invalid_scope', status: 400 });
    expect(error.description).toContain(requested[requested.length - 1]);
    expect(error.description).not.toMatch(/\bread\b.*\bread\b/);
  });

  it('refuses everything for a client with no allowed scopes', () => {
    expect(grantableScopes(undefined, [])).toEqual([]);
    expect(oauthError(() => grantableScopes(['read'], []))).toMatchObject({ code: 'invalid_scope' });
  });
});

describe('narrowedScopes (RFC 6749 §6)', () => {
  const original = ['read', 'write'];

  it('keeps the original scope when none is requested, as a copy', () => {
    const kept = narrowedScopes(undefined, original);
    expect(kept).toEqual(original);
    expect(kept).not.toBe(original);
  });

  it('narrows to a subset, or keeps the same set', () => {
    expect(narrowedScopes(['read'], original)).toEqual(['read']);
    expect(narrowedScopes(['write', 'read'], original)).toEqual(['write', 'read']);
  });

  it.each([
    ['a scope outside the original grant', ['admin']],
    ['the original plus one more', ['read', 'write', 'admin']],
  ])('refuses to widen with %s (invalid_scope)', (_label, requested) => {
    const error = oauthError(() => narrowedScopes(requested, ['read', 'write']));
    expect(error).toMatchObject({ code: 'invalid_scope', status: 400 });
    expect(error.description).toContain('admin');
  });

  it('refuses to widen a read-only grant to write', () => {
    expect(oauthError(() => narrowedScopes(['write'], ['read']))).toMatchObject({ code: 'invalid_scope' });
  });
});
