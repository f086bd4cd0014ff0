import { isUniqueViolation } from '../../store/errors.js';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { table } from '../output.js';
import { scopeView } from '../views.js';

/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
const scopeToken = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
const maxScopeLength = 128;

/** `latchkey scopes create NAME`. */
export const scopesCreate: Command = {
  words: ['scopes', 'create'],
  summary: 'Add a scope clients can be granted',
  positionals: ['NAME'],
  options: { description: { type: 'string', value: 'TEXT', help: 'what the scope allows, shown to users' } },
  async run(args, context) {
    const name = args.positional(0);
    if (!scopeToken.test(name)) throw new CliError(`invalid scope name '${name}': only printable ASCII without spaces, '"' or '\\' (RFC 6749 §3.3)`);
    if (name.length > maxScopeLength) throw new CliError(`scope name must be at most ${maxScopeLength} characters`);
    const { storage, now } = await context.latchkey();
    const scope = { name, description: args.string('description') ?? '', createdAt: now() };
    try {
      await storage.scopes.insert(scope);
    } catch (error) {
      if (isUniqueViolation(error)) throw new CliError(`scope already exists: ${name}`);
      throw error;
    }
    return { json: scopeView(scope), text: [`Created scope ${name}`] };
  },
};

/** `latchkey scopes list`. */
export const scopesList: Command = {
  words: ['scopes', 'list'],
  summary: 'List scopes',
  async run(_args, context) {
    const scopes = await (await context.latchkey()).storage.scopes.list();
    return {
      json: scopes.map(scopeView),
      text: table(['NAME', 'DESCRIPTION'], scopes.map((s) => [s.name, s.description]), 'no scopes'),
    };
  },
};
