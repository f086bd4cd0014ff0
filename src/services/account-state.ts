import { OAuthError } from '../oauth/errors.js';
import type { UserRecord } from '../domain/records.js';
import type { UserStore } from '../store/users.js';

/**
 * The one account-state decision: a user may receive tokens, and use the ones
 * already issued, only while the account exists and is not disabled. Every
 * grant, every `/authorize` response (through the session it resolves), every
 * session resolution and every endpoint that serves a user's data asks here.
 */
export function userMayReceiveTokens(user: UserRecord | undefined): user is UserRecord {
  return user !== undefined && user.disabledAt === null;
}

/** Throws what `refuse` makes (each protocol words the refusal its own way) unless {@link userMayReceiveTokens}. */
export function assertUserMayReceiveTokens(user: UserRecord | undefined, refuse: () => Error): asserts user is UserRecord {
  if (!userMayReceiveTokens(user)) throw refuse();
}

/**
 * The user a bearer token was issued for, while {@link userMayReceiveTokens}. A token of a user
 * disabled or deleted since is `invalid_token` (RFC 6750 §3.1) at every endpoint that serves a
 * user's data, even where its grant was not revoked (disabled by an older process or in the database).
 */
export async function activeUserOfToken(users: Pick<UserStore, 'findById'>, accessToken: { readonly sub: string } | undefined): Promise<UserRecord> {
  const user = accessToken ? await users.findById(accessToken.sub) : undefined;
  assertUserMayReceiveTokens(user, () => new OAuthError('invalid_token', 'The access token was not issued for an active user.'));
  return user;
}
