import { migrateToLatest } from '../../store/migrate.js';
import type { Command } from '../command.js';

/** `latchkey migrate`: applies pending migrations; the only command that migrates in production. */
export const migrate: Command = {
  words: ['migrate'],
  summary: 'Apply pending database migrations',
  async run(_args, context) {
    const applied = await migrateToLatest(context.db());
    return {
      json: { applied },
      text: applied.length ? applied.map((name) => `applied ${name}`) : ['up to date'],
    };
  },
};
