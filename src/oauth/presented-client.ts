import type { IncomingHttpHeaders } from 'node:http';
import { invalidClient, invalidRequest } from './errors.js';

/** What a request presented to identify its client (RFC 6749 §2.3). */
export type PresentedClient =
  | { method: 'client_secret_basic' | 'client_secret_post'; clientId: string; secret: string }
  | { method: 'none'; clientId: string };

/** The form parameters that can carry client credentials. */
export interface ClientCredentialParams {
  client_id?: string;
  client_secret?: string;
}

/** RFC 6749 §2.3.1 / Appendix B: id and secret are form-urlencoded before base64. */
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    throw invalidClient('Malformed Basic credentials.');
  }
}

function parseBasic(header: string): { clientId: string; secret: string } {
  const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/i.exec(header.trim());
  if (!match?.[1]) throw invalidClient('Malformed Basic credentials.');
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) throw invalidClient('Malformed Basic credentials.');
  return { clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
}

/**
 * Works out which authentication method a request used and reads its credentials; checking them
 * against the registration is `services/authenticate-client.ts`. RFC 6749 §2.3: a client MUST NOT
 * use more than one method in a request.
 */
export function parsePresentedClient(authorization: string | undefined, body: ClientCredentialParams): PresentedClient {
  if (authorization !== undefined) {
    if (!/^Basic\b/i.test(authorization.trim())) throw invalidClient('Only HTTP Basic client authentication is accepted in the Authorization header.');
    const basic = parseBasic(authorization);
    if (body.client_secret !== undefined) throw invalidRequest('Use only one client authentication method.');
    if (body.client_id !== undefined && body.client_id !== basic.clientId) throw invalidRequest('client_id does not match the authenticated client.');
    return { method: 'client_secret_basic', ...basic };
  }
  if (body.client_id === undefined || body.client_id === '') {
    if (body.client_secret !== undefined) throw invalidRequest('client_secret requires client_id.');
    throw invalidClient('Client authentication is required.');
  }
  if (body.client_secret !== undefined) return { method: 'client_secret_post', clientId: body.client_id, secret: body.client_secret };
  return { method: 'none', clientId: body.client_id };
}

type Parsed = { client: PresentedClient } | { error: unknown };

/** One entry per request, keyed by the request's header object, which lives exactly as long as the request. */
const parsedPerRequest = new WeakMap<IncomingHttpHeaders, Parsed>();

/**
 * {@link parsePresentedClient} once per request: the rate limiter (which needs the claimed client id)
 * and the operation (which authenticates it) share one parse of the Authorization header and body,
 * the same result or the same error.
 */
export function presentedClientOf(request: { readonly headers: IncomingHttpHeaders; readonly body?: unknown }): PresentedClient {
  let parsed = parsedPerRequest.get(request.headers);
  if (parsed === undefined) {
    try {
      parsed = { client: parsePresentedClient(request.headers.authorization, (request.body ?? {}) as ClientCredentialParams) };
    } catch (error) {
      parsed = { error };
    }
    parsedPerRequest.set(request.headers, parsed);
  }
  if ('error' in parsed) throw parsed.error;
  return parsed.client;
}
