import type { Command } from '../command.js';
import { iso } from '../output.js';
import type { FactorSummary } from '../../services/second-factors.js';

/** Human-readable lines for a user's second factors (kinds and times, never secrets). */
export function factorLines(summary: FactorSummary): string[] {
  const { totp, totpPending, recoveryCodes } = summary;
  const totpState = totp ? `enrolled ${iso(totp.enrolledAt)}` : totpPending ? 'enrolment pending (not confirmed)' : 'none';
  const codes = recoveryCodes.total === 0 ? 'none' : `${recoveryCodes.left} of ${recoveryCodes.total} left (made ${iso(recoveryCodes.createdAt ?? 0)})`;
  const passkeys = summary.passkeys.map((p) => `  ${p.name} (${p.synced ? 'synced' : 'device-bound'}, added ${iso(p.createdAt)}, ${p.lastUsedAt === null ? 'never used' : `last used ${iso(p.lastUsedAt)}`})`);
  return [`totp:           ${totpState}`, `passkeys:       ${summary.passkeys.length === 0 ? 'none' : summary.passkeys.length}`, ...passkeys, `recovery_codes: ${codes}`];
}

/** `latchkey users reset-mfa USERNAME`: removes every second factor and ends the user's browser sessions. */
export const usersResetMfa: Command = {
  words: ['users', 'reset-mfa'],
  summary: "Remove a user's second factors (TOTP, passkeys, recovery codes) and end the user's sessions",
  positionals: ['USERNAME'],
  async run(args, context) {
    const lk = await context.latchkey();
    const user = await lk.users.require(args.positional(0));
    const { totpRemoved, passkeysRemoved, recoveryCodesRemoved, sessionsEnded } = await lk.secondFactors.reset(user);
    return {
      json: { id: user.id, username: user.username, totp_removed: totpRemoved, passkeys_removed: passkeysRemoved, recovery_codes_removed: recoveryCodesRemoved, sessions_ended: sessionsEnded },
      text: [
        `Reset the second factors of ${user.username}: ${totpRemoved ? 'TOTP removed' : 'no TOTP'}, ${passkeysRemoved} passkey(s) and ${recoveryCodesRemoved} recovery code(s) removed; ended ${sessionsEnded} session(s)`,
      ],
    };
  },
};
