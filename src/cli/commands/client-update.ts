import type { NewClient } from '../../services/clients.js';
import type { Args } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { clientLines, clientView } from '../views.js';
import { authMethodOf, clientsCreate } from './client-create.js';

function onOff(args: Args, name: string): boolean | undefined {
  const value = args.string(name);
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') throw new UsageError(`--${name} must be true or false, got '${value}'`);
  return value === 'true';
}

/** A repeatable option replaces the whole list; given once as "" it clears it. */
function list(args: Args, name: string, split = false): string[] | undefined {
  const values = args.strings(name);
  if (values.length === 0) return undefined;
  return values.flatMap((value) => (split ? value.split(/\s+/) : [value])).filter(Boolean);
}

const createOptions = clientsCreate.options ?? {};
const toggle = (help: string) => ({ type: 'string', value: 'true|false', help }) as const;

/** `latchkey clients update CLIENT_ID`: changes a registration with the rules of `clients create`. */
export const clientsUpdate: Command = {
  words: ['clients', 'update'],
  summary: 'Change a client registration (same options and rules as create; a repeated option replaces its list)',
  positionals: ['CLIENT_ID'],
  options: {
    name: { ...createOptions.name!, required: false },
    grant: { ...createOptions.grant!, help: 'grant type, repeatable: replaces the list' },
    scope: { ...createOptions.scope!, required: false, help: 'space-separated scopes, repeatable: replaces the list' },
    'redirect-uri': { ...createOptions['redirect-uri']!, help: 'redirect URI, repeatable: replaces the list ("" clears it)' },
    'post-logout-redirect-uri': { ...createOptions['post-logout-redirect-uri']!, help: 'post-logout redirect URI, repeatable: replaces the list ("" clears it)' },
    'client-uri': { ...createOptions['client-uri']!, help: 'the app\'s home page (RFC 7591 client_uri, https; "" clears it)' },
    'default-resource': { ...createOptions['default-resource']!, help: 'the registered API its tokens are for when nothing names one ("" for the built-in API)' },
    'allowed-origin': { ...createOptions['allowed-origin']!, help: 'CORS origin, repeatable: replaces the list ("" clears it)' },
    'auth-method': { ...createOptions['auth-method']!, help: 'client_secret_basic or client_secret_post (a public client stays public)' },
    public: createOptions.public!,
    'first-party': toggle('our own application: may use the password grant'),
    'resource-server': toggle('an API that may call introspection'),
    implicit: toggle('allow the legacy implicit flow'),
    admin: toggle('may be granted the admin scope (client credentials only)'),
    'require-mfa': toggle('every sign-in for this client needs a second factor'),
    pkce: createOptions.pkce!,
    'id-token-signed-response-alg': createOptions['id-token-signed-response-alg']!,
  },
  async run(args, context) {
    const pkce = args.string('pkce');
    if (pkce !== undefined && pkce !== 'required' && pkce !== 'optional') throw new UsageError(`--pkce must be required or optional, got '${pkce}'`);
    const idTokenAlg = args.string('id-token-signed-response-alg');
    if (idTokenAlg !== undefined && idTokenAlg !== 'RS256' && idTokenAlg !== 'ES256') throw new UsageError(`--id-token-signed-response-alg must be RS256 or ES256, got '${idTokenAlg}'`);
    const tokenEndpointAuthMethod = authMethodOf(args);
    const entries: [keyof NewClient, unknown][] = [
      ['clientName', args.string('name')],
      ['grantTypes', list(args, 'grant')],
      ['scopes', list(args, 'scope', true)],
      ['redirectUris', list(args, 'redirect-uri')],
      ['postLogoutRedirectUris', list(args, 'post-logout-redirect-uri')],
      ['clientUri', args.string('client-uri')],
      ['defaultResource', args.string('default-resource')],
      ['allowedOrigins', list(args, 'allowed-origin')],
      ['tokenEndpointAuthMethod', tokenEndpointAuthMethod],
      ['firstParty', onOff(args, 'first-party')],
      ['resourceServer', onOff(args, 'resource-server')],
      ['implicit', onOff(args, 'implicit')],
      ['admin', onOff(args, 'admin')],
      ['requireMfa', onOff(args, 'require-mfa')],
      ['pkceOptional', pkce === undefined ? undefined : pkce === 'optional'],
      ['idTokenSignedResponseAlg', idTokenAlg],
    ];
    const changes = Object.fromEntries(entries.filter(([, value]) => value !== undefined)) as Partial<NewClient>;
    if (Object.keys(changes).length === 0) throw new UsageError('nothing to change: give at least one option (see latchkey clients update --help)');
    const client = await (await context.latchkey()).clients.update(args.positional(0), changes);
    return { json: clientView(client), text: [`Updated client "${client.clientName}"`, ...clientLines(client)] };
  },
};
