import { invalidScope, invalidTarget, quoteInput } from './errors.js';

/** An API access tokens are issued for, as the token paths see it (issue 12 §1). */
export interface ApiTarget {
  /** The resource indicator (RFC 8707 §2) and the `aud` of its access tokens. */
  readonly identifier: string;
  readonly name: string;
  /** Its access-token lifetime in seconds; null: the server's. */
  readonly accessTokenTtlS: number | null;
}

/** The registered APIs and which one each scope is for; the built-in API holds every scope of no other. */
export interface ApiCatalogue {
  /** `LATCHKEY_AUDIENCE`: the API of every token that names no other, as before APIs were registered. */
  readonly builtIn: ApiTarget;
  /** The API with this identifier, the built-in one included. */
  find(identifier: string): ApiTarget | undefined;
  /** The API a scope is for. */
  apiOf(scope: string): ApiTarget;
  /** The API a resource-server client is tied to; the built-in one for any other client. */
  apiOfResourceServer(clientId: string): ApiTarget;
}

/** Where an access token goes and what it carries: the API's scopes only. */
export interface TokenTarget {
  readonly api: ApiTarget;
  readonly scopes: readonly string[];
}

const maxResourceLength = 512;

/**
 * RFC 8707 §2: "its value MUST be an absolute URI ... MUST NOT include a fragment component". The value
 * is compared as sent, so it must be exactly a registered identifier; this refuses the malformed ones
 * with a reason.
 */
export function checkResourceIndicator(value: string): string {
  if (value.length > maxResourceLength) throw invalidTarget(`The resource parameter is longer than ${maxResourceLength} characters.`);
  if (!URL.canParse(value) || !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value)) throw invalidTarget(`The resource ${quoteInput(value)} is not an absolute URI (RFC 8707 §2).`);
  if (value.includes('#')) throw invalidTarget(`The resource ${quoteInput(value)} has a fragment (RFC 8707 §2).`);
  return value;
}

/** The registered API a resource indicator names, or `invalid_target`. */
function knownApi(resource: string, catalogue: ApiCatalogue): ApiTarget {
  const api = catalogue.find(checkResourceIndicator(resource));
  if (!api) throw invalidTarget(`The resource ${quoteInput(resource)} is not a registered API.`);
  return api;
}

/** The scopes of `scopes` that are for `api`, in order. */
export function scopesFor(api: ApiTarget, scopes: readonly string[], catalogue: ApiCatalogue): string[] {
  return scopes.filter((scope) => catalogue.apiOf(scope).identifier === api.identifier);
}

/**
 * The APIs an authorization request names (RFC 8707 §2.1): each a registered API for which the request
 * asks at least one scope (a client granted an API's scope may ask for that API). Duplicates count once.
 */
export function requestedApis(resources: readonly string[], requestedScopes: readonly string[], catalogue: ApiCatalogue): ApiTarget[] {
  const apis = [...new Map(resources.map((resource) => knownApi(resource, catalogue)).map((api) => [api.identifier, api])).values()];
  for (const api of apis) {
    if (scopesFor(api, requestedScopes, catalogue).length === 0) throw invalidTarget(`None of the requested scopes is for ${quoteInput(api.identifier)}.`);
  }
  return apis;
}

/**
 * The one API an access token is issued for, and its scopes (RFC 8707 §2.2): the `resource` of the
 * token request when given (one of the grant's resources, if the authorization request named any),
 * else the grant's only resource, else the client's default API, else the built-in API. The token
 * carries only that API's scopes.
 */
export function tokenTarget(
  request: { resource?: string | undefined; grantResources: readonly string[]; scopes: readonly string[]; defaultResource?: string | null | undefined },
  catalogue: ApiCatalogue,
): TokenTarget {
  const { resource, grantResources, scopes, defaultResource } = request;
  let api: ApiTarget;
  if (resource !== undefined) {
    api = knownApi(resource, catalogue);
    if (grantResources.length > 0 && !grantResources.includes(api.identifier)) {
      throw invalidTarget(`The resource ${quoteInput(resource)} was not named in the authorization request.`);
    }
  } else if (grantResources.length > 1) {
    throw invalidTarget('The grant is for several APIs: name one with the resource parameter.');
  } else {
    const fallback = grantResources.length === 1 ? (grantResources[0] as string) : (defaultResource ?? undefined);
    api = fallback === undefined ? catalogue.builtIn : (catalogue.find(fallback) ?? missing(fallback));
  }
  const granted = scopesFor(api, scopes, catalogue);
  if (granted.length === 0) {
    const elsewhere = [...new Set(scopes.map((scope) => catalogue.apiOf(scope).identifier))].filter((id) => id !== api.identifier);
    throw invalidScope(
      elsewhere.length > 0
        ? `None of the scopes is for ${quoteInput(api.identifier)}; name the API they are for with the resource parameter (RFC 8707).`
        : `None of the scopes is for ${quoteInput(api.identifier)}.`,
    );
  }
  return { api, scopes: granted };
}

/** A grant's resource whose API was deleted since: no token for it. */
function missing(identifier: string): never {
  throw invalidTarget(`The resource ${quoteInput(identifier)} is no longer a registered API.`);
}
