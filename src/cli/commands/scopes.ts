import type { Command } from '../command.js';
import { table } from '../output.js';
import { scopeView } from '../views.js';

/** `latchkey scopes create NAME`. */
export const scopesCreate: Command = {
  words: ['scopes', 'create'],
  summary: 'Add a scope clients can be granted',
  positionals: ['NAME'],
  options: { description: { type: 'string', value: 'TEXT', help: 'what the scope allows, shown to users' } },
  async run(args, context) {
    const scope = await (await context.latchkey()).scopes.create(args.positional(0), args.string('description') ?? '');
    return { json: scopeView(scope), text: [`Created scope ${scope.name}`] };
  },
};

/** `latchkey scopes list`. */
export const scopesList: Command = {
  words: ['scopes', 'list'],
  summary: 'List scopes',
  async run(_args, context) {
    const scopes = await (await context.latchkey()).scopes.list();
    return {
      json: scopes.map(scopeView),
      text: table(['NAME', 'DESCRIPTION'], scopes.map((s) => [s.name, s.description]), 'no scopes'),
    };
  },
};

/** `latchkey scopes update NAME --description TEXT`. */
export const scopesUpdate: Command = {
  words: ['scopes', 'update'],
  summary: "Change a scope's description (shown on the consent and account pages)",
  positionals: ['NAME'],
  options: { description: { type: 'string', value: 'TEXT', required: true, help: 'what the scope allows, shown to users' } },
  async run(args, context) {
    const scope = await (await context.latchkey()).scopes.update(args.positional(0), args.string('description') as string);
    return { json: scopeView(scope), text: [`Updated scope ${scope.name}`] };
  },
};

/** `latchkey scopes delete NAME [--force]`. */
export const scopesDelete: Command = {
  words: ['scopes', 'delete'],
  summary: 'Delete a scope (refused while a client is registered for it, unless --force)',
  positionals: ['NAME'],
  options: { force: { type: 'boolean', help: 'first remove the scope from every client registered for it (tokens already issued keep it until they expire)' } },
  async run(args, context) {
    const name = args.positional(0);
    const { clientsChanged } = await (await context.latchkey()).scopes.delete(name, { force: args.flag('force') });
    const changed = clientsChanged.length ? `; removed it from ${clientsChanged.length} client(s): ${clientsChanged.join(', ')}` : '';
    return { json: { name, deleted: true, clients_changed: clientsChanged }, text: [`Deleted scope ${name}${changed}`] };
  },
};
