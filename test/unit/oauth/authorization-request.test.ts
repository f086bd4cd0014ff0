/**
 * The authorization request's rules as a pure function (RFC 6749 §4.1.1, RFC 7636 §4.3, OIDC Core
 * §3.1.2, RFC 8707 §2.1). The API tests drive the same rules through `/authorize`; these call them
 * directly, so each rule has a test that fails fast without it (mutation testing, docs/mutation-testing.md).
 */
import type { ClientRecord } from '../../../src/domain/records.js';
import { AuthorizationError } from '../../../src/oauth/authorization-errors.js';
import { validateAuthorizationRequest } from '../../../src/oauth/authorization-request.js';
import { catalogueOf } from '../../../src/services/api-catalogue.js';

const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const client: ClientRecord = {
  clientId: 'app',
  clientSecretHash: null,
  previousSecretHash: null,
  previousSecretExpiresAt: null,
  clientName: 'App',
  tokenEndpointAuthMethod: 'none',
  grantTypes: ['authorization_code'],
  redirectUris: ['https://app.example/cb', 'com.example.app:/cb'],
  scopes: ['openid', 'read', 'notes:read'],
  firstParty: false,
  resourceServer: false,
  postLogoutRedirectUris: [],
  clientUri: null,
  allowedOrigins: [],
  pkceRequired: true,
  implicitAllowed: false,
  idTokenSignedResponseAlg: 'RS256',
  admin: false,
  requireMfa: false,
  defaultResource: null,
  createdAt: 0,
  updatedAt: 0,
};
const known = new Set(['openid', 'read', 'write', 'notes:read']);
const catalogue = catalogueOf(
  { identifier: 'https://as.example', name: 'AS', accessTokenTtlS: null },
  [{ id: 'n', identifier: 'https://notes.example', name: 'Notes', accessTokenTtlS: null, resourceServerClientId: null, createdAt: 0, updatedAt: 0 }],
  [{ name: 'notes:read', description: '', descriptions: {}, apiId: 'n', createdAt: 0 }],
);
const base = { client_id: 'app', response_type: 'code', redirect_uri: 'https://app.example/cb', scope: 'openid read', state: 's1', code_challenge: challenge, code_challenge_method: 'S256' };

/** `registered` overrides fields of the client; `null`: no such client. */
function validate(params: Record<string, unknown>, registered: Partial<ClientRecord> | null = {}) {
  return validateAuthorizationRequest(params, registered === null ? undefined : { ...client, ...registered }, known, catalogue);
}

/** The refusal as what the browser sees: a page (reason) or a redirect (code and description). */
function refusal(params: Record<string, unknown>, registered: Partial<ClientRecord> | null = {}) {
  try {
    validate(params, registered);
  } catch (error) {
    if (!(error instanceof AuthorizationError)) throw error;
    return error.target ? { code: error.code, description: error.description, mode: error.target.responseMode } : { page: error.code, description: error.description };
  }
  throw new Error('not refused');
}

describe('validateAuthorizationRequest', () => {
  it('accepts a code request with PKCE and keeps every checked parameter', () => {
    expect(validate({ ...base, nonce: 'n1', prompt: 'login consent', max_age: '60', ui_locales: 'it en-GB bad!tag', resource: 'https://notes.example', scope: 'openid notes:read' })).toEqual({
      clientId: 'app',
      redirectUri: 'https://app.example/cb',
      redirectUriSent: true,
      responseType: 'code',
      responseMode: 'query',
      scopes: ['openid', 'notes:read'],
      state: 's1',
      nonce: 'n1',
      codeChallenge: challenge,
      prompt: ['login', 'consent'],
      maxAge: 60,
      uiLocales: 'it en-GB',
      resources: ['https://notes.example'],
    });
  });

  it('uses the only registered redirect URI when none is sent, and needs one when several are registered', () => {
    const { redirect_uri: _sent, ...withoutRedirect } = base;
    expect(validate(withoutRedirect, { redirectUris: ['https://app.example/only'] })).toMatchObject({ redirectUri: 'https://app.example/only', redirectUriSent: false });
    expect(refusal(withoutRedirect)).toMatchObject({ page: 'invalid_request', description: 'The application did not say where to return you.' });
  });

  it.each([
    ['an unregistered client', base, null, 'The application that sent you here is not registered.'],
    ['an unregistered redirect URI', { ...base, redirect_uri: 'https://evil.example/cb' }, {}, 'The application asked to return you to an address it has not registered.'],
    ['a repeated client_id', { ...base, client_id: ['app', 'app'] }, {}, 'The request repeats client_id or redirect_uri.'],
    ['a state longer than 2048 characters', { ...base, state: 's'.repeat(2049) }, {}, 'The application sent a state or nonce parameter that is too long.'],
    ['a nonce longer than 2048 characters', { ...base, nonce: 'n'.repeat(2049) }, {}, 'The application sent a state or nonce parameter that is too long.'],
  ])('shows a page, never a redirect, for %s (RFC 6749 §4.1.2.1)', (_label, params, registered, description) => {
    expect(refusal(params, registered)).toMatchObject({ description });
    expect(refusal(params, registered)).not.toHaveProperty('mode');
  });

  it('accepts a state of exactly 2048 characters', () => {
    expect(validate({ ...base, state: 's'.repeat(2048) }).state).toHaveLength(2048);
  });

  it.each([
    ['a repeated parameter', { ...base, scope: ['openid', 'read'] }, {}, 'invalid_request', 'The scope parameter is repeated.'],
    ['no response_type', { ...base, response_type: undefined }, {}, 'invalid_request', 'The response_type parameter is required.'],
    ['an unknown response_type', { ...base, response_type: 'code id_token' }, {}, 'unsupported_response_type', 'Unsupported response_type.'],
    ['code for a client without the code grant', base, { grantTypes: ['client_credentials'] }, 'unauthorized_client', 'The client may not use the authorization code flow.'],
    ['token for a client without the implicit flow', { ...base, response_type: 'token' }, {}, 'unauthorized_client', 'The client is not registered for the implicit flow.'],
    ['tokens in the query', { ...base, response_type: 'token', response_mode: 'query' }, { implicitAllowed: true }, 'invalid_request', 'response_mode=query cannot carry tokens.'],
    ['an unknown response_mode', { ...base, response_mode: 'web_message' }, {}, 'invalid_request', 'Unsupported response_mode.'],
    ['form_post to a native app', { ...base, redirect_uri: 'com.example.app:/cb', response_mode: 'form_post' }, {}, 'invalid_request', 'Unsupported response_mode.'],
    ['no grantable scope', { ...base, scope: 'write admin' }, {}, 'invalid_scope', 'None of the requested scopes can be granted to this client.'],
    ['id_token without openid', { ...base, response_type: 'id_token token', scope: 'read', nonce: 'n' }, { implicitAllowed: true }, 'invalid_request', 'id_token requires the openid scope.'],
    ['the implicit flow without a nonce', { ...base, response_type: 'id_token token' }, { implicitAllowed: true }, 'invalid_request', 'nonce is required for the implicit flow.'],
    ['a max_age that is not a whole number', { ...base, max_age: '1.5' }, {}, 'invalid_request', 'max_age must be a whole number of seconds.'],
    ['a max_age of ten digits', { ...base, max_age: '1234567890' }, {}, 'invalid_request', 'max_age must be a whole number of seconds.'],
    ['an unknown prompt', { ...base, prompt: 'login sometimes' }, {}, 'invalid_request', 'prompt has an unsupported value.'],
    ['prompt=none with another value', { ...base, prompt: 'none login' }, {}, 'invalid_request', 'prompt=none cannot be combined with other values.'],
    ['the plain PKCE method', { ...base, code_challenge_method: 'plain' }, {}, 'invalid_request', 'code_challenge_method must be S256.'],
    ['a method without a challenge', { ...base, code_challenge: undefined }, {}, 'invalid_request', 'code_challenge_method without code_challenge.'],
    ['a malformed challenge', { ...base, code_challenge: 'short' }, {}, 'invalid_request', 'code_challenge is not a valid S256 challenge.'],
    ['no PKCE for a public client', { ...base, code_challenge: undefined, code_challenge_method: undefined }, {}, 'invalid_request', 'PKCE is required: send code_challenge with code_challenge_method=S256.'],
    ['no PKCE for a client that must use it', { ...base, code_challenge: undefined, code_challenge_method: undefined }, { tokenEndpointAuthMethod: 'client_secret_basic' }, 'invalid_request', 'PKCE is required: send code_challenge with code_challenge_method=S256.'],
    ['an unregistered resource', { ...base, resource: 'https://other.example' }, {}, 'invalid_target', 'The resource https://other.example is not a registered API.'],
    ['two resources for an implicit token', { ...base, response_type: 'token', scope: 'read notes:read', resource: ['https://notes.example', 'https://as.example'] }, { implicitAllowed: true }, 'invalid_target', 'An implicit response carries one access token: name one resource at most.'],
  ])('redirects %s with its error', (_label, params, registered, code, description) => {
    expect(refusal(params as Record<string, unknown>, registered as Partial<ClientRecord>)).toMatchObject({ code, description });
  });

  it('answers implicit errors in the fragment and code errors in the query', () => {
    expect(refusal({ ...base, response_type: 'token', scope: 'nothing' }, { implicitAllowed: true })).toMatchObject({ code: 'invalid_scope', mode: 'fragment' });
    expect(refusal({ ...base, scope: 'nothing' })).toMatchObject({ code: 'invalid_scope', mode: 'query' });
    expect(refusal({ ...base, scope: 'nothing', response_mode: 'form_post' })).toMatchObject({ mode: 'form_post' });
  });

  it('lets a confidential client registered with optional PKCE leave it out, and drops unknown and ungranted scopes', () => {
    const request = validate({ ...base, code_challenge: undefined, code_challenge_method: undefined, scope: 'openid unknown write read' }, { tokenEndpointAuthMethod: 'client_secret_basic', pkceRequired: false });
    expect(request.codeChallenge).toBeUndefined();
    expect(request.scopes).toEqual(['openid', 'read']);
    expect(validate({ ...base, scope: undefined }).scopes).toEqual(['openid', 'read', 'notes:read']);
    expect(validate({ ...base, prompt: 'select_account' }).prompt).toEqual([]);
  });
});
