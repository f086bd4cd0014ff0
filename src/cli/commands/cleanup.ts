import { cleanupPolicyOf } from '../../services/cleanup.js';
import { cleanUpExpired } from '../../store/cleanup.js';
import type { Command } from '../command.js';

/** `latchkey cleanup`: one clean-up pass now (the server also runs it every LATCHKEY_CLEANUP_INTERVAL_S). */
export const cleanup: Command = {
  words: ['cleanup'],
  summary: 'Remove expired codes, sessions, refresh-token families, deny-list entries and old audit events',
  async run(_args, context) {
    const lk = await context.latchkey();
    const report = await cleanUpExpired(lk.db, cleanupPolicyOf(lk.config), Date.now());
    return { json: { removed: report }, text: Object.entries(report).map(([table, n]) => `${table}: removed ${n}`) };
  },
};
