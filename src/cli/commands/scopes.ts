import type { Args } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { table } from '../output.js';
import { scopeView } from '../views.js';
import { supportedLocales } from '../../interaction/i18n/index.js';

const descriptionOption = {
  type: 'string',
  value: '[LOCALE=]TEXT',
  multiple: true,
  help: `what the scope allows, shown to users; LOCALE=TEXT (${supportedLocales.join(', ')}) for pages in that language, repeatable`,
} as const;

/** `--description TEXT` (the default) and `--description it=TEXT` (per page locale), repeatable. */
function descriptionsOf(args: Args): { description?: string; descriptions: Record<string, string> } {
  let description: string | undefined;
  const descriptions: Record<string, string> = {};
  for (const value of args.strings('description')) {
    const localized = /^([A-Za-z]{2,3})=([\s\S]*)$/.exec(value);
    if (!localized) {
      if (description !== undefined) throw new UsageError('--description without LOCALE= given twice');
      description = value;
      continue;
    }
    const locale = localized[1]!.toLowerCase();
    if (!(supportedLocales as readonly string[]).includes(locale)) throw new UsageError(`--description ${locale}=: pages are written in ${supportedLocales.join(', ')} only`);
    descriptions[locale] = localized[2]!;
  }
  return { ...(description !== undefined ? { description } : {}), descriptions };
}

/** `latchkey scopes create NAME`. */
export const scopesCreate: Command = {
  words: ['scopes', 'create'],
  summary: 'Add a scope clients can be granted',
  positionals: ['NAME'],
  options: { description: descriptionOption },
  async run(args, context) {
    const { description, descriptions } = descriptionsOf(args);
    const scope = await (await context.latchkey()).scopes.create(args.positional(0), description ?? '', descriptions);
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
      text: table(['NAME', 'API', 'DESCRIPTION'], scopes.map((s) => [s.name, s.api ?? '', s.description]), 'no scopes'),
    };
  },
};

/** `latchkey scopes update NAME --description [LOCALE=]TEXT...`. */
export const scopesUpdate: Command = {
  words: ['scopes', 'update'],
  summary: "Change a scope's description (shown on the consent and account pages)",
  positionals: ['NAME'],
  options: { description: { ...descriptionOption, required: true, help: `${descriptionOption.help}; "LOCALE=" removes a language's` } },
  async run(args, context) {
    const { description, descriptions } = descriptionsOf(args);
    const scope = await (await context.latchkey()).scopes.update(args.positional(0), { ...(description !== undefined ? { description } : {}), descriptions });
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
