import type { UserRecord } from '../store/records.js';

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
