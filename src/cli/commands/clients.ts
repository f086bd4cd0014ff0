import type { Command } from '../command.js';
import { parseDuration } from '../duration.js';
import { iso, table } from '../output.js';
import { clientLines, clientView, clientWithSecretView } from '../views.js';
import { secretLines } from './client-create.js';

export { clientsCreate } from './client-create.js';

/** `latchkey clients list`. */
export const clientsList: Command = {
  words: ['clients', 'list'],
  summary: 'List registered clients',
  async run(_args, context) {
    const clients = await (await context.latchkey()).clients.list();
    const rows = clients.map((c) => [c.clientId, c.clientName, c.tokenEndpointAuthMethod, c.grantTypes.join(','), c.scopes.join(' ')]);
    return {
      json: clients.map((c) => clientView(c)),
      text: table(['CLIENT_ID', 'NAME', 'AUTH_METHOD', 'GRANT_TYPES', 'SCOPE'], rows, 'no clients'),
    };
  },
};

/** `latchkey clients show CLIENT_ID`. */
export const clientsShow: Command = {
  words: ['clients', 'show'],
  summary: 'Show one client',
  positionals: ['CLIENT_ID'],
  async run(args, context) {
    const client = await (await context.latchkey()).clients.require(args.positional(0));
    return { json: clientView(client), text: clientLines(client) };
  },
};

/** `latchkey clients delete CLIENT_ID`. */
export const clientsDelete: Command = {
  words: ['clients', 'delete'],
  summary: 'Delete a client',
  positionals: ['CLIENT_ID'],
  async run(args, context) {
    const clientId = args.positional(0);
    await (await context.latchkey()).clients.delete(clientId);
    return { json: { client_id: clientId, deleted: true }, text: [`Deleted client ${clientId}`] };
  },
};

/** `latchkey clients rotate-secret CLIENT_ID`: issues a new secret, optionally keeping the old one for a while. */
export const clientsRotateSecret: Command = {
  words: ['clients', 'rotate-secret'],
  summary: 'Issue a new client secret and print it once',
  positionals: ['CLIENT_ID'],
  options: {
    'keep-old-for': { type: 'string', value: 'DURATION', help: 'keep accepting the old secret this long: 30s, 15m, 2h, 7d or seconds (default 0)' },
  },
  async run(args, context) {
    const keepOldForS = parseDuration(args.string('keep-old-for') ?? '0', 'keep-old-for');
    const { client, clientSecret } = await (await context.latchkey()).clients.rotateSecret(args.positional(0), keepOldForS);
    const oldUntil = client.previousSecretExpiresAt;
    return {
      json: clientWithSecretView(client, clientSecret, true),
      text: [
        `New secret for client "${client.clientName}"`,
        ...secretLines(client.clientId, clientSecret),
        oldUntil === null ? 'The old secret no longer works.' : `The old secret keeps working until ${iso(oldUntil)}.`,
      ],
    };
  },
};
