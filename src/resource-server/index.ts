/**
 * Latchkey resource-server toolkit (`latchkey/resource-server`): Express middleware that verifies
 * Latchkey access tokens (RFC 9068), enforces scopes and the user's sign-in level and age, answering
 * with RFC 6750 and RFC 9470 errors.
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
 * // RFC 9470 step-up: a second factor within the last 5 minutes, else 401 insufficient_user_authentication.
 * app.delete('/notes/:id', rs.requireToken({ scopes: ['notes:write'], acr: ['urn:latchkey:acr:mfa', 'phr'], maxAge: 300 }), deleteNote);
 * ```
 *
 * @packageDocumentation
 */
export { accessTokenOf, type VerifiedAccessToken } from './access-token.js';
export type { Actor, DelegationRequirement } from './actor.js';
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
