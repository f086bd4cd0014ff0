import type { Knex } from 'knex';

/** Which WebAuthn ceremony a challenge is for. */
export type WebAuthnCeremony = 'registration' | 'authentication';

/** A one-time challenge, stored by its SHA-256 and bound to the interaction or session that asked for it. */
export interface WebAuthnChallengeRecord {
  challengeHash: string;
  /** The SHA-256 of the interaction cookie (sign-in) or the session's id hash (account page). */
  boundTo: string;
  ceremony: WebAuthnCeremony;
  /** The user the ceremony is for (registration, second factor); null for a passwordless sign-in. */
  userId: string | null;
  expiresAt: number;
}

/** Storage of WebAuthn challenges. */
export interface WebAuthnChallengeStore {
  /** Keeps one live challenge per binding and ceremony: the new one replaces any earlier. */
  replace(record: WebAuthnChallengeRecord): Promise<void>;
  /**
   * Takes the challenge away: one DELETE whose row count decides, so a challenge answers one
   * response, whichever of two concurrent ones comes first. False when it was not there, bound
   * elsewhere, for another ceremony or user, or expired.
   */
  consume(challengeHash: string, boundTo: string, ceremony: WebAuthnCeremony, userId: string | null, now: number): Promise<boolean>;
}

export function knexWebAuthnChallengeStore(db: Knex): WebAuthnChallengeStore {
  const challenges = () => db('webauthn_challenges');
  return {
    async replace(record) {
      await challenges().where({ bound_to: record.boundTo, ceremony: record.ceremony }).delete();
      await challenges().insert({
        challenge_hash: record.challengeHash,
        bound_to: record.boundTo,
        ceremony: record.ceremony,
        user_id: record.userId,
        expires_at: record.expiresAt,
      });
    },
    async consume(challengeHash, boundTo, ceremony, userId, now) {
      const query = challenges().where({ challenge_hash: challengeHash, bound_to: boundTo, ceremony }).andWhere('expires_at', '>', now);
      const deleted = await (userId === null ? query.whereNull('user_id') : query.andWhere({ user_id: userId })).delete();
      return deleted === 1;
    },
  };
}

