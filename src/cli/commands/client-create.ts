import { registrableGrantTypes } from '../../services/clients.js';
import type { TokenEndpointAuthMethod } from '../../domain/records.js';
import type { Args } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { clientWithSecretView } from '../views.js';

const authMethods: readonly TokenEndpointAuthMethod[] = ['client_secret_basic', 'client_secret_post', 'none'];

/** `--public` is shorthand for `--auth-method none` and contradicts a secret-based method. */
export function authMethodOf(args: Args): TokenEndpointAuthMethod | undefined {
  const given = args.string('auth-method');
  if (given !== undefined && !(authMethods as readonly string[]).includes(given)) {
    throw new UsageError(`--auth-method must be one of ${authMethods.join(', ')}, got '${given}'`);
  }
  if (!args.flag('public')) return given as TokenEndpointAuthMethod | undefined;
  if (given !== undefined && given !== 'none') throw new UsageError(`--public means --auth-method none and cannot be combined with --auth-method ${given}`);
  return 'none';
}

/** Lines shown after a secret is issued: it is stored hashed and cannot be shown again. */
export function secretLines(clientId: string, clientSecret: string | undefined): string[] {
  if (!clientSecret) return [`  client_id:     ${clientId}`, 'Public client: no secret (token_endpoint_auth_method none).'];
  return [
    `  client_id:     ${clientId}`,
    `  client_secret: ${clientSecret}`,
    'The client secret is shown only this once: store it now.',
  ];
}

/** `latchkey clients create`: registers a client. */
export const clientsCreate: Command = {
  words: ['clients', 'create'],
  summary: 'Register a client and print its credentials once',
  options: {
    name: { type: 'string', value: 'NAME', required: true, help: 'client_name' },
    grant: { type: 'string', value: 'GRANT', multiple: true, help: `grant type, repeatable: ${registrableGrantTypes.join(', ')} (required unless --implicit)` },
    scope: { type: 'string', value: 'SCOPES', multiple: true, required: true, help: 'space-separated scopes the client may ask for ("" for none)' },
    'redirect-uri': { type: 'string', value: 'URI', multiple: true, help: 'absolute redirect URI without fragment, repeatable' },
    public: { type: 'boolean', help: 'public client (no secret): same as --auth-method none' },
    'first-party': { type: 'boolean', help: 'our own application: may use the password grant' },
    'resource-server': { type: 'boolean', help: 'an API that may call introspection' },
    admin: { type: 'boolean', help: 'may be granted the admin scope (client credentials only): a token for the admin API' },
    'require-mfa': { type: 'boolean', help: 'every sign-in for this client needs a second factor (the password grant is refused)' },
    'auth-method': { type: 'string', value: 'METHOD', help: `token_endpoint_auth_method: ${authMethods.join(', ')} (default client_secret_basic)` },
    'post-logout-redirect-uri': { type: 'string', value: 'URI', multiple: true, help: 'where RP-initiated logout may return (exact match), repeatable' },
    'client-uri': { type: 'string', value: 'URI', help: 'the app\'s home page (RFC 7591 client_uri, https): the consent page shows its host' },
    'default-resource': { type: 'string', value: 'URI', help: 'the registered API its tokens are for when the request and the grant name none (RFC 8707; default: LATCHKEY_AUDIENCE)' },
    pkce: { type: 'string', value: 'required|optional', help: 'PKCE on authorization requests (default required; optional only for confidential clients)' },
    implicit: { type: 'boolean', help: 'allow the legacy implicit flow, same as --grant implicit (discouraged by RFC 9700 §2.1.2: prefer code + PKCE)' },
    'allowed-origin': { type: 'string', value: 'ORIGIN', multiple: true, help: 'browser origin allowed to call /token, /revoke and /userinfo (CORS), repeatable' },
    'id-token-signed-response-alg': { type: 'string', value: 'ALG', help: 'ID token algorithm: RS256 (default) or ES256' },
  },
  async run(args, context) {
    const tokenEndpointAuthMethod = authMethodOf(args);
    const pkce = args.string('pkce');
    if (pkce !== undefined && pkce !== 'required' && pkce !== 'optional') throw new UsageError(`--pkce must be required or optional, got '${pkce}'`);
    const idTokenAlg = args.string('id-token-signed-response-alg');
    if (idTokenAlg !== undefined && idTokenAlg !== 'RS256' && idTokenAlg !== 'ES256') throw new UsageError(`--id-token-signed-response-alg must be RS256 or ES256, got '${idTokenAlg}'`);
    if (args.strings('grant').length === 0 && !args.flag('implicit')) throw new UsageError('missing required option --grant (or --implicit)');
    const { clients } = await context.latchkey();
    const { client, clientSecret } = await clients.create({
      clientName: args.string('name') as string,
      grantTypes: args.strings('grant'),
      scopes: args.strings('scope').flatMap((s) => s.split(/\s+/)).filter(Boolean),
      redirectUris: args.strings('redirect-uri'),
      ...(tokenEndpointAuthMethod ? { tokenEndpointAuthMethod } : {}),
      firstParty: args.flag('first-party'),
      resourceServer: args.flag('resource-server'),
      admin: args.flag('admin'),
      requireMfa: args.flag('require-mfa'),
      postLogoutRedirectUris: args.strings('post-logout-redirect-uri'),
      clientUri: args.string('client-uri') ?? null,
      defaultResource: args.string('default-resource') ?? null,
      allowedOrigins: args.strings('allowed-origin'),
      pkceOptional: pkce === 'optional',
      implicit: args.flag('implicit'),
      ...(idTokenAlg ? { idTokenSignedResponseAlg: idTokenAlg as 'RS256' | 'ES256' } : {}),
    });
    return {
      json: clientWithSecretView(client, clientSecret),
      text: [`Created client "${client.clientName}"`, ...secretLines(client.clientId, clientSecret)],
    };
  },
};
