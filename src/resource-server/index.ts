/**
 * Latchkey resource-server toolkit (`latchkey/resource-server`): Express middleware that verifies
 * Latchkey access tokens (RFC 9068) and enforces scopes, answering with RFC 6750 errors.
 *
 * @example
 * ```ts
 * const rs = createResourceServer({
 *   issuer: 'https://auth.example.com',
 *   audience: 'https://api.example.com',
 *   keys: { jwksUri: 'https://auth.example.com/jwks.json' },
 * });
 * app.get('/notes', rs.requireToken({ scopes: ['notes:read'] }), (req, res) => {
 *   res.json(listNotes(accessTokenOf(res).sub));
 * });
 * ```
 *
 * @packageDocumentation
 */
export { accessTokenOf, type VerifiedAccessToken } from './access-token.js';
export { createResourceServer, type ResourceServer } from './create-resource-server.js';
export { ResourceServerError, type ResourceServerErrorCode } from './errors.js';
export type {
  CallbackRevocation,
  GetKeySource,
  IntrospectionRevocation,
  JwksUriKeySource,
  ResourceServerOptions,
} from './options.js';
export type { RequireTokenOptions } from './require-token.js';
