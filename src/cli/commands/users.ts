import { AdminInputError } from '../../services/users.js';
import type { Command } from '../command.js';
import { iso, table } from '../output.js';
import { readNewPassword } from '../read-password.js';
import { userView } from '../views.js';

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
    if (await users.findByUsername(username)) throw new AdminInputError(`username already exists: ${username}`);
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

/** `latchkey users disable USERNAME`: also revokes the user's refresh tokens. */
export const usersDisable: Command = {
  words: ['users', 'disable'],
  summary: "Disable a user and revoke the user's refresh tokens",
  positionals: ['USERNAME'],
  async run(args, context) {
    const { user, familiesRevoked } = await (await context.latchkey()).users.disable(args.positional(0));
    return {
      json: { ...userView(user), refresh_token_families_revoked: familiesRevoked },
      text: [`Disabled user ${user.username}; revoked ${familiesRevoked} refresh-token famil${familiesRevoked === 1 ? 'y' : 'ies'}`],
    };
  },
};

/** `latchkey users set-password USERNAME`. */
export const usersSetPassword: Command = {
  words: ['users', 'set-password'],
  summary: "Set a user's password",
  positionals: ['USERNAME'],
  options: { 'password-stdin': passwordStdin },
  async run(args, context) {
    const { users } = await context.latchkey();
    const username = args.positional(0);
    if (!(await users.findByUsername(username))) throw new AdminInputError(`no such user: ${username}`);
    await users.setPassword(username, await readNewPassword(args.flag('password-stdin')));
    const user = await users.findByUsername(username);
    return { json: user ? userView(user) : null, text: [`Password set for ${user?.username ?? username}`] };
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
