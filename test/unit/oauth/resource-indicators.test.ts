import type { ApiRecord, ScopeRecord } from '../../../src/domain/records.js';
import { OAuthError } from '../../../src/oauth/errors.js';
import { checkResourceIndicator, requestedApis, scopesFor, tokenTarget } from '../../../src/oauth/resource-indicators.js';
import { catalogueOf } from '../../../src/services/api-catalogue.js';

const builtIn = { identifier: 'https://as.example', name: 'Latchkey', accessTokenTtlS: null };
const api = (id: string, identifier: string, ttl: number | null = null, rs: string | null = null): ApiRecord => ({
  id,
  identifier,
  name: `${id} API`,
  accessTokenTtlS: ttl,
  resourceServerClientId: rs,
  createdAt: 0,
  updatedAt: 0,
});
const scope = (name: string, apiId: string | null): ScopeRecord => ({ name, description: '', descriptions: {}, apiId, createdAt: 0 });

const notes = 'https://notes.example/api';
const calendar = 'urn:example:calendar';
const catalogue = catalogueOf(
  builtIn,
  [api('notes', notes, 120, 'notes-rs'), api('cal', calendar)],
  [scope('read', null), scope('openid', null), scope('notes:read', 'notes'), scope('notes:write', 'notes'), scope('cal:read', 'cal'), scope('orphan', 'deleted')],
);

function refusal(run: () => unknown): { code: string; description: string | undefined } {
  try {
    run();
  } catch (error) {
    if (error instanceof OAuthError) return { code: error.code, description: error.description };
    throw error;
  }
  throw new Error('not refused');
}

describe('resource indicators (RFC 8707 §2)', () => {
  it.each([
    ['https://notes.example/api', true],
    ['urn:example:calendar', true],
    ['https://notes.example/api?v=1', true],
    ['/api', false],
    ['notes.example/api', false],
    ['https://notes.example/api#part', false],
    ['https://notes.example/#', false],
    ['', false],
  ])('checks %s as an absolute URI without a fragment: %s', (value, accepted) => {
    if (accepted) expect(checkResourceIndicator(value)).toBe(value);
    else expect(refusal(() => checkResourceIndicator(value)).code).toBe('invalid_target');
  });

  it('accepts an identifier of exactly 512 characters and refuses 513', () => {
    const base = 'https://x.example/';
    expect(checkResourceIndicator(base + 'a'.repeat(512 - base.length))).toHaveLength(512);
    expect(refusal(() => checkResourceIndicator(base + 'a'.repeat(513 - base.length))).description).toMatch(/longer than 512/);
  });

  it('knows each scope’s API: the built-in one for scopes of no API and of an API that is gone', () => {
    expect(catalogue.apiOf('notes:read').identifier).toBe(notes);
    expect(catalogue.apiOf('read')).toBe(builtIn);
    expect(catalogue.apiOf('orphan')).toBe(builtIn);
    expect(catalogue.apiOf('unknown')).toBe(builtIn);
    expect(catalogue.find(builtIn.identifier)).toBe(builtIn);
    expect(catalogue.find('https://other.example')).toBeUndefined();
    expect(catalogue.apiOfResourceServer('notes-rs').identifier).toBe(notes);
    expect(catalogue.apiOfResourceServer('someone-else')).toBe(builtIn);
    expect(scopesFor(builtIn, ['notes:read', 'read', 'openid', 'cal:read'], catalogue)).toEqual(['read', 'openid']);
  });

  it('requestedApis: each named API once, each with a requested scope, else invalid_target', () => {
    expect(requestedApis([notes, calendar, notes], ['notes:read', 'cal:read'], catalogue).map((a) => a.identifier)).toEqual([notes, calendar]);
    expect(requestedApis([], ['read'], catalogue)).toEqual([]);
    expect(requestedApis([builtIn.identifier], ['read'], catalogue)).toEqual([builtIn]);
    expect(refusal(() => requestedApis([calendar], ['notes:read'], catalogue))).toEqual({ code: 'invalid_target', description: `None of the requested scopes is for ${calendar}.` });
    expect(refusal(() => requestedApis(['https://unknown.example'], ['read'], catalogue))).toEqual({ code: 'invalid_target', description: 'The resource https://unknown.example is not a registered API.' });
    expect(refusal(() => requestedApis(['no-scheme'], ['read'], catalogue)).code).toBe('invalid_target');
  });

  describe('tokenTarget', () => {
    const all = ['openid', 'read', 'notes:read', 'notes:write', 'cal:read'];

    it('uses the named resource, with only its scopes', () => {
      const target = tokenTarget({ resource: notes, grantResources: [], scopes: all }, catalogue);
      expect(target.api).toMatchObject({ identifier: notes, accessTokenTtlS: 120 });
      expect(target.scopes).toEqual(['notes:read', 'notes:write']);
    });

    it('without a resource: the grant’s only resource, else the built-in API', () => {
      expect(tokenTarget({ grantResources: [calendar], scopes: all }, catalogue)).toEqual({ api: catalogue.find(calendar), scopes: ['cal:read'] });
      expect(tokenTarget({ grantResources: [], scopes: all }, catalogue)).toEqual({ api: builtIn, scopes: ['openid', 'read'] });
    });

    it("falls back to the client's default API, and refuses one that is no longer registered", () => {
      expect(tokenTarget({ grantResources: [], scopes: all, defaultResource: notes }, catalogue).api.identifier).toBe(notes);
      expect(tokenTarget({ grantResources: [calendar], scopes: all, defaultResource: notes }, catalogue).api.identifier).toBe(calendar);
      expect(tokenTarget({ resource: calendar, grantResources: [], scopes: all, defaultResource: notes }, catalogue).api.identifier).toBe(calendar);
      expect(tokenTarget({ grantResources: [], scopes: all, defaultResource: null }, catalogue).api).toBe(builtIn);
      expect(refusal(() => tokenTarget({ grantResources: [], scopes: all, defaultResource: 'https://gone.example' }, catalogue)).code).toBe('invalid_target');
    });

    it('refuses a resource the authorization request did not name, and no resource for a grant of several APIs', () => {
      expect(refusal(() => tokenTarget({ resource: calendar, grantResources: [notes], scopes: all }, catalogue))).toEqual({
        code: 'invalid_target',
        description: `The resource ${calendar} was not named in the authorization request.`,
      });
      expect(tokenTarget({ resource: notes, grantResources: [calendar, notes], scopes: all }, catalogue).api.identifier).toBe(notes);
      expect(refusal(() => tokenTarget({ grantResources: [notes, calendar], scopes: all }, catalogue))).toEqual({
        code: 'invalid_target',
        description: 'The grant is for several APIs: name one with the resource parameter.',
      });
    });

    it('refuses an unknown resource, and a grant resource whose API was deleted', () => {
      expect(refusal(() => tokenTarget({ resource: 'https://gone.example', grantResources: [], scopes: all }, catalogue)).code).toBe('invalid_target');
      expect(refusal(() => tokenTarget({ grantResources: ['https://gone.example'], scopes: all }, catalogue))).toEqual({
        code: 'invalid_target',
        description: 'The resource https://gone.example is no longer a registered API.',
      });
    });

    it('answers invalid_scope when no scope is for the API, naming the resource parameter when they are another API’s', () => {
      expect(refusal(() => tokenTarget({ grantResources: [], scopes: ['notes:read'] }, catalogue))).toEqual({
        code: 'invalid_scope',
        description: `None of the scopes is for ${builtIn.identifier}; name the API they are for with the resource parameter (RFC 8707).`,
      });
      expect(refusal(() => tokenTarget({ resource: calendar, grantResources: [], scopes: [] }, catalogue))).toEqual({
        code: 'invalid_scope',
        description: `None of the scopes is for ${calendar}.`,
      });
    });
  });
});
