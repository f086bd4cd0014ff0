import type { Command } from '../command.js';
import { userView } from '../views.js';

/** `latchkey users unlock USERNAME`: forgets the account's failed sign-ins, ending a lockout at once. */
export const usersUnlock: Command = {
  words: ['users', 'unlock'],
  summary: "Clear a user's failed sign-ins, ending a lockout",
  positionals: ['USERNAME'],
  async run(args, context) {
    const { user, failures, wasLocked } = await (await context.latchkey()).signIns.unlock(args.positional(0));
    const state = wasLocked ? 'was locked' : 'was not locked';
    return {
      json: { ...userView(user), failed_sign_ins_cleared: failures, was_locked: wasLocked },
      text: [`Unlocked ${user.username} (${state}; cleared ${failures} failed sign-in${failures === 1 ? '' : 's'})`],
    };
  },
};
