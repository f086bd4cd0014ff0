import { dummyPasswordHash, hashPassword, passwordNeedsRehash, verifyPassword } from '../crypto/passwords.js';
import { randomId } from '../crypto/random.js';
import { isValidUsername, normaliseUsername } from '../oauth/usernames.js';
import type { Storage } from '../store/index.js';
import type { UserRecord } from '../domain/records.js';
import { isUniqueViolation } from '../store/errors.js';
import { userMayReceiveTokens } from './account-state.js';
import { AdminConflictError, AdminInputError, AdminNotFoundError } from './admin-errors.js';
import { type AdminActor, cliActor, recordAdminChange, type Auditor } from './audit.js';
import { defaultPasswordPolicy, passwordProblem, type PasswordPolicy } from './password-policy.js';

/** Input for creating a user. */
export interface NewUser {
  username: string;
  password: string;
  name?: string | null;
  email?: string | null;
  emailVerified?: boolean;
}

/** What an admin password reset revoked (see {@link Users.setPassword}). */
export interface PasswordReset {
  user: UserRecord;
  grantsRevoked: number;
  sessionsEnded: number;
}

/** User accounts: creation, password checks (argon2id), disabling. */
export class Users {
  constructor(
    private readonly storage: Storage,
    private readonly now: () => number,
    private readonly auditor: Auditor,
    private readonly passwordPolicy: PasswordPolicy = defaultPasswordPolicy,
  ) {}

  /** Existing passwords are never re-checked: the policy applies where a password is set. */
  private assertPasswordAllowed(password: string, username: string): void {
    const problem = passwordProblem(password, this.passwordPolicy, username);
    if (problem) throw new AdminInputError(problem);
  }

  async create(input: NewUser, actor: AdminActor = cliActor): Promise<UserRecord> {
    const username = normaliseUsername(input.username);
    if (!isValidUsername(username)) throw new AdminInputError('username must be 1-191 characters without spaces or control characters');
    this.assertPasswordAllowed(input.password, username);
    if (input.email && !/^[^\s@]+@[^\s@]+$/.test(input.email)) throw new AdminInputError(`not an email address: ${input.email}`);
    const now = this.now();
    const user: UserRecord = {
      id: randomId(),
      username,
      passwordHash: await hashPassword(input.password),
      name: input.name ?? null,
      email: input.email ?? null,
      emailVerified: input.emailVerified ?? false,
      disabledAt: null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.storage.users.insert(user);
    } catch (error) {
      if (isUniqueViolation(error)) throw new AdminConflictError(`username already exists: ${username}`);
      throw error;
    }
    await recordAdminChange(this.auditor, { event: 'user.created', outcome: 'success', subject: user.id }, actor);
    return user;
  }

  /**
   * Returns the user when the password matches and the account is enabled. An
   * unknown user is checked against a dummy hash so that both failures cost the
   * same time (no user enumeration).
   */
  async authenticate(username: string, password: string): Promise<UserRecord | undefined> {
    return this.checkCredentials(await this.findByUsername(username), password);
  }

  /** {@link authenticate} for a user already looked up (`undefined`: no such user). */
  async checkCredentials(user: UserRecord | undefined, password: string): Promise<UserRecord | undefined> {
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!ok || !userMayReceiveTokens(user)) return undefined;
    if (passwordNeedsRehash(user.passwordHash)) {
      await this.storage.users.setPasswordHash(user.id, await hashPassword(password), this.now());
    }
    return user;
  }

  async findByUsername(username: string): Promise<UserRecord | undefined> {
    return this.storage.users.findByUsername(normaliseUsername(username));
  }

  list(): Promise<UserRecord[]> {
    return this.storage.users.list();
  }

  /**
   * Sets a new password (an admin reset). Whoever held the old one may hold tokens and sessions made
   * with it: the user's grants (refresh tokens and so their access tokens) are revoked and the
   * user's browser sessions end, in the same transaction; `keepSessions` leaves the browser sessions.
   */
  async setPassword(username: string, password: string, options: { keepSessions?: boolean } = {}, actor: AdminActor = cliActor): Promise<PasswordReset> {
    const user = await this.require(username);
    this.assertPasswordAllowed(password, user.username);
    const passwordHash = await hashPassword(password);
    const now = this.now();
    const reset = await this.storage.transaction(async (stores) => {
      await stores.users.setPasswordHash(user.id, passwordHash, now);
      const grantsRevoked = await stores.refreshTokens.revokeGrantsOfUser(user.id, 'password_reset', now);
      const sessionsEnded = options.keepSessions ? 0 : await stores.sessions.deleteForUser(user.id);
      return { grantsRevoked, sessionsEnded };
    });
    await recordAdminChange(
      this.auditor,
      {
        event: 'user.password_changed',
        outcome: 'success',
        subject: user.id,
        detail: { refresh_token_families_revoked: reset.grantsRevoked, sessions_ended: reset.sessionsEnded, sessions_kept: !!options.keepSessions },
      },
      actor,
    );
    return { user, ...reset };
  }

  /** Marks the user's email address as verified (the `email_verified` claim, OIDC Core §5.1). */
  async verifyEmail(username: string): Promise<UserRecord> {
    const user = await this.require(username);
    if (!user.email) throw new AdminInputError(`user ${user.username} has no email address`);
    await this.storage.users.setEmailVerified(user.id, true, this.now());
    return { ...user, emailVerified: true };
  }

  /**
   * Disables the account, revokes all its grants (refresh tokens and the access tokens
   * issued under them) and ends its browser sessions, in one transaction.
   */
  async disable(username: string, actor: AdminActor = cliActor): Promise<{ user: UserRecord; grantsRevoked: number; sessionsEnded: number }> {
    const user = await this.require(username);
    const now = this.now();
    const { grantsRevoked, sessionsEnded } = await this.storage.transaction(async (stores) => {
      await stores.users.setDisabled(user.id, now, now);
      return {
        grantsRevoked: await stores.refreshTokens.revokeGrantsOfUser(user.id, 'user_disabled', now),
        sessionsEnded: await stores.sessions.deleteForUser(user.id),
      };
    });
    await recordAdminChange(
      this.auditor,
      { event: 'user.disabled', outcome: 'success', subject: user.id, detail: { refresh_token_families_revoked: grantsRevoked, sessions_ended: sessionsEnded } },
      actor,
    );
    return { user: { ...user, disabledAt: now }, grantsRevoked, sessionsEnded };
  }

  /** Lets a disabled user sign in again. Grants revoked by the disable stay revoked. */
  async enable(username: string, actor: AdminActor = cliActor): Promise<UserRecord> {
    const user = await this.require(username);
    if (user.disabledAt === null) return user;
    await this.storage.users.setDisabled(user.id, null, this.now());
    await recordAdminChange(this.auditor, { event: 'user.enabled', outcome: 'success', subject: user.id }, actor);
    return { ...user, disabledAt: null };
  }

  /**
   * Deletes the account and its personal data: the user row with its sessions, consents, codes and
   * grants. Every token issued to the user dies with its grant (the revocation-aware check refuses a
   * token whose grant is gone); audit events keep the user's id, not the name.
   */
  async delete(username: string, actor: AdminActor = cliActor): Promise<{ user: UserRecord; grantsEnded: number; sessionsEnded: number }> {
    const user = await this.require(username);
    const ended = await this.storage.transaction(async (stores) => {
      const grantsEnded = await stores.refreshTokens.countLiveGrantsOfUser(user.id);
      const sessionsEnded = await stores.sessions.deleteForUser(user.id);
      await stores.users.delete(user.id);
      return { grantsEnded, sessionsEnded };
    });
    await recordAdminChange(
      this.auditor,
      { event: 'user.deleted', outcome: 'success', subject: user.id, detail: { grants_ended: ended.grantsEnded, sessions_ended: ended.sessionsEnded } },
      actor,
    );
    return { user, ...ended };
  }

  /** {@link AdminConflictError} when the username (as normalised) is taken; `create` checks again as it inserts. */
  async assertUsernameFree(username: string): Promise<void> {
    if (await this.findByUsername(username)) throw new AdminConflictError(`username already exists: ${normaliseUsername(username)}`);
  }

  /** The user of this username, or {@link AdminNotFoundError}. */
  async require(username: string): Promise<UserRecord> {
    const user = await this.findByUsername(username);
    if (!user) throw new AdminNotFoundError(`no such user: ${username}`);
    return user;
  }

  /** The user of this id (the admin API names users by id), or {@link AdminNotFoundError}. */
  async requireById(id: string): Promise<UserRecord> {
    const user = await this.storage.users.findById(id);
    // MySQL's default collation ignores case and trailing spaces; an id names one user exactly.
    if (!user || user.id !== id) throw new AdminNotFoundError(`no such user: ${id}`);
    return user;
  }
}
