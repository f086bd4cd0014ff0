import type { Command } from '../command.js';
import { userView } from '../views.js';

const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

/** `latchkey users unlock USERNAME`: forgets the account's failed sign-ins and failed second factors, ending a lockout at once. */
export const usersUnlock: Command = {
  words: ['users', 'unlock'],
  summary: "Clear a user's failed sign-ins and failed second factors, ending a lockout",
  positionals: ['USERNAME'],
  async run(args, context) {
    const lk = await context.latchkey();
    const { user, failures, wasLocked: passwordLocked } = await lk.signIns.unlock(args.positional(0));
    const second = await lk.guardedSecondFactor.unlock(user.id);
    const wasLocked = passwordLocked || second.wasLocked;
    const state = wasLocked ? 'was locked' : 'was not locked';
    return {
      json: { ...userView(user), failed_sign_ins_cleared: failures, failed_second_factors_cleared: second.failures, was_locked: wasLocked },
      text: [`Unlocked ${user.username} (${state}; cleared ${plural(failures, 'failed sign-in')} and ${plural(second.failures, 'failed second factor')})`],
    };
  },
};
