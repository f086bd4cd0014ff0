import type { ClientRecord } from '../domain/records.js';
import { AuthorizationError, type ResponseMode, type ResponseTarget } from './authorization-errors.js';
import type { AcrValue } from './authentication-levels.js';
import { s256ChallengePattern } from './pkce.js';
import { requestedAcrOf } from './requested-acr.js';
import { OAuthError } from './errors.js';
import { type ApiCatalogue, requestedApis, tokenTarget } from './resource-indicators.js';

/** The response types Latchkey implements: code (RFC 6749 §4.1) and, for opted-in clients, implicit (§4.2, OIDC §3.2). */
export type ResponseType = 'code' | 'token' | 'id_token token';

/** An authorization request whose every parameter has been checked. */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  /** Whether `redirect_uri` was in the request; then the token request must repeat it (RFC 6749 §4.1.3). */
  redirectUriSent: boolean;
  responseType: ResponseType;
  responseMode: ResponseMode;
  scopes: string[];
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  prompt: ('none' | 'login' | 'consent')[];
  maxAge?: number;
  /** OIDC Core §3.1.2.1 `ui_locales`: the person's preferred page languages, kept for the login and consent pages. */
  uiLocales?: string;
  /** The level `acr_values` or an `acr` claim request asks for (OIDC Core §3.1.2.1, §5.5.1.1). */
  acr?: AcrValue;
  /** The `acr` was requested as an essential claim: not meeting it fails the request. */
  acrEssential?: boolean;
  /** The identifiers of the APIs the request names (RFC 8707 §2.1), each registered; empty when none. */
  resources: string[];
}

type Params = Readonly<Record<string, unknown>>;

/** The longest `state` or `nonce` accepted; both travel back in URLs. */
export const maxStateLength = 2048;

/** RFC 6749 §3.1: "Parameters sent without a value MUST be treated as if they were omitted from the request." */
function single(params: Params, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function parseResponseType(raw: string | undefined): ResponseType | undefined {
  if (raw === 'code') return 'code';
  if (raw === 'token') return 'token';
  const parts = raw?.split(' ').sort().join(' ');
  return parts === 'id_token token' ? 'id_token token' : undefined;
}

/** Steps 1-2: the client and its exact redirect URI (RFC 6749 §3.1.2.3); failures are pages, never redirects. */
function verifiedRedirect(params: Params, client: ClientRecord | undefined): { client: ClientRecord; redirectUri: string; sent: boolean } {
  if (Array.isArray(params.client_id) || Array.isArray(params.redirect_uri)) throw AuthorizationError.page('repeated_client');
  if (!client) throw AuthorizationError.page('unregistered_client');
  const sent = single(params, 'redirect_uri');
  if (sent !== undefined) {
    if (!client.redirectUris.includes(sent)) throw AuthorizationError.page('unregistered_redirect');
    return { client, redirectUri: sent, sent: true };
  }
  if (client.redirectUris.length !== 1) throw AuthorizationError.page('missing_redirect');
  return { client, redirectUri: client.redirectUris[0] as string, sent: false };
}

function responseModeFor(params: Params, responseType: ResponseType | undefined, redirectUri: string): { mode: ResponseMode; valid: boolean } {
  const fallback: ResponseMode = responseType === undefined || responseType === 'code' ? 'query' : 'fragment';
  const raw = single(params, 'response_mode');
  if (raw === undefined) return { mode: fallback, valid: true };
  // A browser can only POST a form to an http(s) address, not to a native app's private-use scheme.
  if (raw === 'form_post' && !/^https?:/i.test(redirectUri)) return { mode: fallback, valid: false };
  if (raw === 'query' || raw === 'fragment' || raw === 'form_post') return { mode: raw, valid: true };
  return { mode: fallback, valid: false };
}

function parsePrompt(raw: string | undefined, fail: (d: string) => never): AuthorizationRequest['prompt'] {
  if (raw === undefined) return [];
  const values = [...new Set(raw.split(' ').filter(Boolean))];
  // OIDC Core §3.1.2.1: select_account is accepted and treated as a plain request (there is one account per session).
  const known = values.filter((v): v is 'none' | 'login' | 'consent' => v === 'none' || v === 'login' || v === 'consent');
  if (values.some((v) => !['none', 'login', 'consent', 'select_account'].includes(v))) fail('prompt has an unsupported value.');
  if (known.includes('none') && values.length > 1) fail('prompt=none cannot be combined with other values.');
  return known;
}

/**
 * OIDC Core §5.4 / RFC 6749 §3.3: unknown scope values are ignored and known
 * ones the client may not have are dropped; nothing left is `invalid_scope`.
 */
function grantedScopes(raw: string | undefined, client: ClientRecord, known: ReadonlySet<string>, fail: (code: 'invalid_scope', d: string) => never): string[] {
  const requested = raw === undefined ? client.scopes : raw.split(' ').filter(Boolean);
  const scopes = [...new Set(requested)].filter((s) => known.has(s) && client.scopes.includes(s));
  if (scopes.length === 0) fail('invalid_scope', 'None of the requested scopes can be granted to this client.');
  return scopes;
}

/**
 * RFC 8707 §2.1: the `resource` values, each a registered API the request asks a scope of; an implicit
 * response carries its access token at once, so it may name one API at most, and must have its scopes.
 */
function resourcesOf(
  params: Params,
  scopes: readonly string[],
  implicit: boolean,
  defaultResource: string | null,
  catalogue: ApiCatalogue,
  fail: (code: 'invalid_target' | 'invalid_scope', d: string) => never,
): string[] {
  const raw = params.resource;
  const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string' && v !== '');
  try {
    const resources = requestedApis(values, scopes, catalogue).map((api) => api.identifier);
    if (implicit && resources.length > 1) fail('invalid_target', 'An implicit response carries one access token: name one resource at most.');
    if (implicit) tokenTarget({ grantResources: resources, scopes, defaultResource }, catalogue);
    return resources;
  } catch (error) {
    if (error instanceof OAuthError && (error.code === 'invalid_target' || error.code === 'invalid_scope')) fail(error.code, error.description ?? error.code);
    throw error;
  }
}

/** Validates an authorization request against the client's registration (RFC 6749 §4.1.1, RFC 7636 §4.3, OIDC Core §3.1.2.2, RFC 8707 §2.1). */
export function validateAuthorizationRequest(params: Params, client: ClientRecord | undefined, knownScopes: ReadonlySet<string>, catalogue: ApiCatalogue): AuthorizationRequest {
  const { client: c, redirectUri, sent } = verifiedRedirect(params, client);
  // Echoed in the redirect: an unbounded state would make a Location header no proxy accepts.
  if (String(params.state ?? '').length > maxStateLength || String(params.nonce ?? '').length > maxStateLength) {
    throw AuthorizationError.page('long_state');
  }
  const responseType = parseResponseType(single(params, 'response_type'));
  const mode = responseModeFor(params, responseType, redirectUri);
  const state = single(params, 'state');
  const target: ResponseTarget = { redirectUri, responseMode: mode.mode, state };
  const fail = (code: Parameters<typeof AuthorizationError.redirect>[0], description: string): never => {
    throw AuthorizationError.redirect(code, description, target);
  };
  const invalid = (description: string): never => fail('invalid_request', description);

  const repeated = Object.entries(params).find(([name, v]) => Array.isArray(v) && name !== 'resource');
  if (repeated) invalid(`The ${repeated[0]} parameter is repeated.`);
  if (!mode.valid) invalid('Unsupported response_mode.');
  if (!single(params, 'response_type')) invalid('The response_type parameter is required.');
  if (!responseType) fail('unsupported_response_type', 'Unsupported response_type.');
  if (responseType === 'code' && !c.grantTypes.includes('authorization_code')) fail('unauthorized_client', 'The client may not use the authorization code flow.');
  if (responseType !== 'code' && !c.implicitAllowed) fail('unauthorized_client', 'The client is not registered for the implicit flow.');
  // OAuth 2.0 Multiple Response Types §2.1: tokens must never be put in the query.
  if (responseType !== 'code' && mode.mode === 'query') invalid('response_mode=query cannot carry tokens.');

  const scopes = grantedScopes(single(params, 'scope'), c, knownScopes, fail);
  const nonce = single(params, 'nonce');
  if (responseType === 'id_token token' && !scopes.includes('openid')) invalid('id_token requires the openid scope.');
  // OIDC Core §3.2.2.1: nonce is REQUIRED for the implicit flow.
  if (responseType === 'id_token token' && !nonce) invalid('nonce is required for the implicit flow.');

  const resources = resourcesOf(params, scopes, responseType !== 'code', c.defaultResource, catalogue, fail);

  const maxAgeRaw = single(params, 'max_age');
  if (maxAgeRaw !== undefined && !/^\d{1,9}$/.test(maxAgeRaw)) invalid('max_age must be a whole number of seconds.');
  const prompt = parsePrompt(single(params, 'prompt'), invalid);
  const requested = requestedAcrOf(params, invalid, (description) => fail('unmet_authentication_requirements', description));

  let codeChallenge: string | undefined;
  if (responseType === 'code') {
    codeChallenge = single(params, 'code_challenge');
    const method = single(params, 'code_challenge_method');
    // RFC 7636 §4.3 defaults the method to plain, which RFC 9700 §2.1.1 lets servers refuse: only S256.
    if (codeChallenge !== undefined && method !== 'S256') invalid('code_challenge_method must be S256.');
    if (codeChallenge === undefined && method !== undefined) invalid('code_challenge_method without code_challenge.');
    if (codeChallenge !== undefined && !s256ChallengePattern.test(codeChallenge)) invalid('code_challenge is not a valid S256 challenge.');
    const pkceRequired = c.tokenEndpointAuthMethod === 'none' || c.pkceRequired;
    if (codeChallenge === undefined && pkceRequired) invalid('PKCE is required: send code_challenge with code_challenge_method=S256.');
  }

  return {
    clientId: c.clientId,
    redirectUri,
    redirectUriSent: sent,
    responseType: responseType as ResponseType,
    responseMode: mode.mode,
    scopes,
    ...(state !== undefined ? { state } : {}),
    ...(nonce !== undefined ? { nonce } : {}),
    ...(codeChallenge !== undefined ? { codeChallenge } : {}),
    prompt,
    ...(maxAgeRaw !== undefined ? { maxAge: Number(maxAgeRaw) } : {}),
    ...uiLocalesOf(params),
    ...(requested.acr === undefined ? {} : { acr: requested.acr, acrEssential: requested.essential }),
    resources,
  };
}

/**
 * OIDC Core §3.1.2.1 `ui_locales`: space-separated BCP 47 tags; an unsupported one is no error ("SHOULD
 * NOT result in an error"). Keeps at most 10 well-formed tags, so a stored interaction stays small.
 */
export function uiLocalesOf(params: Params): { uiLocales?: string } {
  const raw = single(params, 'ui_locales');
  const tags = (raw ?? '').split(' ').filter((tag) => /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(tag)).slice(0, 10);
  return tags.length > 0 ? { uiLocales: tags.join(' ') } : {};
}

/** Where an authorization response for this request goes. */
export function responseTargetOf(request: AuthorizationRequest): ResponseTarget {
  return { redirectUri: request.redirectUri, responseMode: request.responseMode, state: request.state };
}
