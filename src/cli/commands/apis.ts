import type { Args } from '../args.js';
import type { Command } from '../command.js';
import { parseDuration } from '../duration.js';
import { UsageError } from '../errors.js';
import { iso, table } from '../output.js';
import type { ApiWithScopes } from '../../services/apis.js';

/** An API as `--json` prints it: the fields of RFC 8707's resource and what Latchkey keeps with it. */
function apiView({ api, scopes }: ApiWithScopes) {
  return {
    id: api.id,
    identifier: api.identifier,
    name: api.name,
    scopes: [...scopes].sort(),
    access_token_ttl_s: api.accessTokenTtlS,
    resource_server_client_id: api.resourceServerClientId,
    created_at: Math.floor(api.createdAt / 1000),
    updated_at: Math.floor(api.updatedAt / 1000),
  };
}

function apiLines(found: ApiWithScopes): string[] {
  const { api, scopes } = found;
  return [
    `id:                        ${api.id}`,
    `identifier:                ${api.identifier}`,
    `name:                      ${api.name}`,
    `scopes:                    ${scopes.join(' ')}`,
    `access_token_ttl:          ${api.accessTokenTtlS === null ? 'server default' : `${api.accessTokenTtlS}s`}`,
    `resource_server_client_id: ${api.resourceServerClientId ?? ''}`,
    `created:                   ${iso(api.createdAt)}`,
    `updated:                   ${iso(api.updatedAt)}`,
  ].map((line) => line.trimEnd());
}

const options = {
  identifier: { type: 'string', value: 'URI', help: 'the resource indicator clients name (RFC 8707) and the aud of its tokens: an absolute URI without a fragment' },
  name: { type: 'string', value: 'TEXT', help: 'shown on the consent page' },
  scope: { type: 'string', value: 'NAME', multiple: true, help: 'a scope that is for this API (an existing scope, for one API at most), repeatable' },
  'access-token-ttl': { type: 'string', value: 'DURATION', help: "its access tokens' lifetime, 60s to 24h (default: LATCHKEY_ACCESS_TOKEN_TTL_S)" },
  'resource-server-client': { type: 'string', value: 'CLIENT_ID', help: 'the resource-server client whose introspection sees the tokens of this API' },
} as const;

function ttlOf(args: Args): number | null | undefined {
  const text = args.string('access-token-ttl');
  if (text === undefined) return undefined;
  return text === 'default' ? null : parseDuration(text, 'access-token-ttl');
}

/** `latchkey apis create --identifier URI --name TEXT --scope NAME...`. */
export const apisCreate: Command = {
  words: ['apis', 'create'],
  summary: 'Register an API (resource server): the audience of its own access tokens',
  options: { ...options, identifier: { ...options.identifier, required: true }, name: { ...options.name, required: true } },
  async run(args, context) {
    const created = await (await context.latchkey()).apis.create({
      identifier: args.string('identifier') as string,
      name: args.string('name') as string,
      scopes: args.strings('scope'),
      accessTokenTtlS: ttlOf(args) ?? null,
      resourceServerClientId: args.string('resource-server-client') ?? null,
    });
    return { json: apiView(created), text: [`Created API ${created.api.identifier}`, ...apiLines(created)] };
  },
};

/** `latchkey apis list`. */
export const apisList: Command = {
  words: ['apis', 'list'],
  summary: 'List registered APIs',
  async run(_args, context) {
    const apis = await (await context.latchkey()).apis.list();
    return {
      json: apis.map(apiView),
      text: table(['IDENTIFIER', 'NAME', 'SCOPES'], apis.map(({ api, scopes }) => [api.identifier, api.name, scopes.join(' ')]), 'no APIs registered (tokens are for LATCHKEY_AUDIENCE)'),
    };
  },
};

/** `latchkey apis show IDENTIFIER`. */
export const apisShow: Command = {
  words: ['apis', 'show'],
  summary: 'Show one API',
  positionals: ['IDENTIFIER'],
  async run(args, context) {
    const found = await (await context.latchkey()).apis.show(args.positional(0));
    return { json: apiView(found), text: apiLines(found) };
  },
};

/** `latchkey apis update IDENTIFIER [...]`. */
export const apisUpdate: Command = {
  words: ['apis', 'update'],
  summary: "Change an API's identifier, name, scopes, token lifetime or resource-server client",
  positionals: ['IDENTIFIER'],
  options: {
    ...options,
    scope: { ...options.scope, help: `${options.scope.help}; replaces its scopes` },
    'no-scopes': { type: 'boolean', help: 'no scope is for this API any more (they become scopes of the built-in API)' },
    'access-token-ttl': { ...options['access-token-ttl'], help: `${options['access-token-ttl'].help}; "default" for the server's` },
    'resource-server-client': { ...options['resource-server-client'], help: `${options['resource-server-client'].help}; "none" to untie it` },
  },
  async run(args, context) {
    const scopes = args.strings('scope');
    if (scopes.length > 0 && args.flag('no-scopes')) throw new UsageError('--scope and --no-scopes exclude each other');
    const resourceServer = args.string('resource-server-client');
    const ttl = ttlOf(args);
    const identifier = args.string('identifier');
    const name = args.string('name');
    const updated = await (await context.latchkey()).apis.update(args.positional(0), {
      ...(identifier === undefined ? {} : { identifier }),
      ...(name === undefined ? {} : { name }),
      ...(scopes.length > 0 ? { scopes } : args.flag('no-scopes') ? { scopes: [] } : {}),
      ...(ttl === undefined ? {} : { accessTokenTtlS: ttl }),
      ...(resourceServer === undefined ? {} : { resourceServerClientId: resourceServer === 'none' ? null : resourceServer }),
    });
    return { json: apiView(updated), text: [`Updated API ${updated.api.identifier}`, ...apiLines(updated)] };
  },
};

/** `latchkey apis delete IDENTIFIER`. */
export const apisDelete: Command = {
  words: ['apis', 'delete'],
  summary: 'Delete an API (refused while scopes are for it)',
  positionals: ['IDENTIFIER'],
  async run(args, context) {
    const identifier = args.positional(0);
    await (await context.latchkey()).apis.delete(identifier);
    return { json: { identifier, deleted: true }, text: [`Deleted API ${identifier}`] };
  },
};
