import type { Command } from '../command.js';
import { iso, table } from '../output.js';
import { readNewPassword } from '../read-password.js';
import { secondFactorsView, userLines, userView } from '../views.js';
import { factorLines } from './users-mfa.js';

const passwordStdin = {
  type: 'boolean',
  help: 'read the password from the first line of standard input (otherwise prompt at the terminal)',
} as const;

/** `latchkey users create`: the password never appears on the command line. */
export const usersCreate: Command = {
  words: ['users', 'create'],
  summary: 'Create a user',
  options: {
    username: { type: 'string', value: 'USERNAME', required: true, help: 'login name (compared case-insensitively)' },
    email: { type: 'string', value: 'EMAIL', help: 'email address' },
    name: { type: 'string', value: 'NAME', help: 'display name' },
    'email-verified': { type: 'boolean', help: 'mark the email address as verified' },
    'password-stdin': passwordStdin,
  },
  async run(args, context) {
    const { users } = await context.latchkey();
    const username = args.string('username') as string;
    // Before the password prompt, so nobody types a password for a name that is taken.
    await users.assertUsernameFree(username);
    const password = await readNewPassword(args.flag('password-stdin'));
    const user = await users.create({
      username,
      password,
      name: args.string('name') ?? null,
      email: args.string('email') ?? null,
      emailVerified: args.flag('email-verified'),
    });
    return { json: userView(user), text: [`Created user ${user.username} (id ${user.id})`] };
  },
};

/** `latchkey users list`. */
export const usersList: Command = {
  words: ['users', 'list'],
  summary: 'List users',
  async run(_args, context) {
    const users = await (await context.latchkey()).users.list();
    const rows = users.map((u) => [u.username, u.id, u.email ?? '', u.disabledAt === null ? 'active' : 'disabled', iso(u.createdAt)]);
    return { json: users.map(userView), text: table(['USERNAME', 'ID', 'EMAIL', 'STATUS', 'CREATED'], rows, 'no users') };
  },
};

const families = (n: number): string => `${n} grant famil${n === 1 ? 'y' : 'ies'}`;
const sessions = (n: number): string => `${n} session${n === 1 ? '' : 's'}`;

/** `latchkey users disable USERNAME`: also revokes the user's tokens and ends the user's sessions. */
export const usersDisable: Command = {
  words: ['users', 'disable'],
  summary: "Disable a user, revoke the user's tokens and end the user's sessions",
  positionals: ['USERNAME'],
  async run(args, context) {
    const { user, grantsRevoked, sessionsEnded } = await (await context.latchkey()).users.disable(args.positional(0));
    return {
      json: { ...userView(user), refresh_token_families_revoked: grantsRevoked, sessions_ended: sessionsEnded },
      text: [`Disabled user ${user.username}; revoked ${families(grantsRevoked)}, ended ${sessions(sessionsEnded)}`],
    };
  },
};

/** `latchkey users set-password USERNAME`: a reset also revokes the user's tokens and ends the user's sessions. */
export const usersSetPassword: Command = {
  words: ['users', 'set-password'],
  summary: "Set a user's password, revoke the user's tokens and end the user's sessions",
  positionals: ['USERNAME'],
  options: {
    'password-stdin': passwordStdin,
    'keep-sessions': { type: 'boolean', help: "keep the user's browser sessions (tokens are revoked all the same)" },
  },
  async run(args, context) {
    const { users } = await context.latchkey();
    const username = args.positional(0);
    await users.require(username);
    const reset = await users.setPassword(username, await readNewPassword(args.flag('password-stdin')), { keepSessions: args.flag('keep-sessions') });
    const user = (await users.findByUsername(username)) ?? reset.user;
    const ended = args.flag('keep-sessions') ? 'kept the sessions' : `ended ${sessions(reset.sessionsEnded)}`;
    return {
      json: { ...userView(user), refresh_token_families_revoked: reset.grantsRevoked, sessions_ended: reset.sessionsEnded },
      text: [`Password set for ${user.username}; revoked ${families(reset.grantsRevoked)}, ${ended}`],
    };
  },
};

/** `latchkey users verify-email USERNAME`: sets the email_verified claim. */
export const usersVerifyEmail: Command = {
  words: ['users', 'verify-email'],
  summary: "Mark a user's email address as verified",
  positionals: ['USERNAME'],
  async run(args, context) {
    const user = await (await context.latchkey()).users.verifyEmail(args.positional(0));
    return { json: userView(user), text: [`Marked ${user.email} of ${user.username} as verified`] };
  },
};

/** `latchkey users show USERNAME`. */
export const usersShow: Command = {
  words: ['users', 'show'],
  summary: 'Show a user and the second factors (never the password hash or a secret)',
  positionals: ['USERNAME'],
  async run(args, context) {
    const lk = await context.latchkey();
    const user = await lk.users.require(args.positional(0));
    const factors = await lk.secondFactors.summary(user.id);
    return { json: { ...userView(user), second_factors: secondFactorsView(factors) }, text: [...userLines(user), ...factorLines(factors)] };
  },
};

/** `latchkey users enable USERNAME`: the counterpart of disable; revoked tokens stay revoked. */
export const usersEnable: Command = {
  words: ['users', 'enable'],
  summary: 'Enable a disabled user (tokens revoked by the disable stay revoked)',
  positionals: ['USERNAME'],
  async run(args, context) {
    const user = await (await context.latchkey()).users.enable(args.positional(0));
    return { json: userView(user), text: [`Enabled user ${user.username}`] };
  },
};

/** `latchkey users delete USERNAME`: removes the account and its personal data; audit events keep the id. */
export const usersDelete: Command = {
  words: ['users', 'delete'],
  summary: "Delete a user and the user's personal data, grants and sessions (audit events keep the user id)",
  positionals: ['USERNAME'],
  async run(args, context) {
    const { user, grantsEnded, sessionsEnded } = await (await context.latchkey()).users.delete(args.positional(0));
    return {
      json: { id: user.id, username: user.username, deleted: true, grants_ended: grantsEnded, sessions_ended: sessionsEnded },
      text: [`Deleted user ${user.username} (id ${user.id}); ended ${families(grantsEnded)}, ${sessions(sessionsEnded)}`],
    };
  },
};
