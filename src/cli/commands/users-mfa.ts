import type { Command } from '../command.js';
import { iso } from '../output.js';
import type { FactorSummary } from '../../services/second-factors.js';

/** Human-readable lines for a user's second factors (kinds and times, never secrets). */
export function factorLines(summary: FactorSummary): string[] {
  const { totp, totpPending, recoveryCodes } = summary;
  const totpState = totp ? `enrolled ${iso(totp.enrolledAt)}` : totpPending ? 'enrolment pending (not confirmed)' : 'none';
  const codes = recoveryCodes.total === 0 ? 'none' : `${recoveryCodes.left} of ${recoveryCodes.total} left (made ${iso(recoveryCodes.createdAt ?? 0)})`;
  return [`totp:           ${totpState}`, `recovery_codes: ${codes}`];
}

/** `latchkey users reset-mfa USERNAME`: removes every second factor and ends the user's browser sessions. */
export const usersResetMfa: Command = {
  words: ['users', 'reset-mfa'],
  summary: "Remove a user's second factors (TOTP, recovery codes) and end the user's sessions",
  positionals: ['USERNAME'],
  async run(args, context) {
    const lk = await context.latchkey();
    const user = await lk.users.require(args.positional(0));
    const { totpRemoved, recoveryCodesRemoved, sessionsEnded } = await lk.secondFactors.reset(user);
    return {
      json: { id: user.id, username: user.username, totp_removed: totpRemoved, recovery_codes_removed: recoveryCodesRemoved, sessions_ended: sessionsEnded },
      text: [
        `Reset the second factors of ${user.username}: ${totpRemoved ? 'TOTP removed' : 'no TOTP'}, ${recoveryCodesRemoved} recovery code(s) removed; ended ${sessionsEnded} session(s)`,
      ],
    };
  },
};
