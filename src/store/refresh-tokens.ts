import type { Knex } from 'knex';
import { toEpoch, toEpochOrNull } from './json-columns.js';
import type { RefreshFamilyRecord, RefreshTokenRecord } from './records.js';

/** Storage of refresh-token families and their tokens (hashes only). */
export interface RefreshTokenStore {
  insertFamily(family: RefreshFamilyRecord): Promise<void>;
  insertToken(token: RefreshTokenRecord): Promise<void>;
  findToken(tokenHash: string): Promise<{ token: RefreshTokenRecord; family: RefreshFamilyRecord } | undefined>;
  /** Atomically marks a token rotated; false when another request rotated it first. */
  markRotated(tokenHash: string, now: number): Promise<boolean>;
  revokeFamily(familyId: string, reason: string, now: number): Promise<boolean>;
  revokeFamiliesOfUser(userId: string, reason: string, now: number): Promise<number>;
  /** How many of the user's families are not revoked. */
  countLiveFamiliesOfUser(userId: string): Promise<number>;
  revokeFamiliesOfUserAndClient(userId: string, clientId: string, reason: string, now: number): Promise<number>;
}

function toFamily(row: Record<string, unknown>): RefreshFamilyRecord {
  return {
    id: String(row.id),
    clientId: String(row.client_id),
    userId: String(row.user_id),
    scopes: String(row.scope).split(' ').filter(Boolean),
    createdAt: toEpoch(row.created_at),
    expiresAt: toEpoch(row.expires_at),
    revokedAt: toEpochOrNull(row.revoked_at),
    revokedReason: (row.revoked_reason as string | null) ?? null,
  };
}

export function knexRefreshTokenStore(db: Knex): RefreshTokenStore {
  return {
    async insertFamily(family) {
      await db('refresh_token_families').insert({
        id: family.id,
        client_id: family.clientId,
        user_id: family.userId,
        scope: family.scopes.join(' '),
        created_at: family.createdAt,
        expires_at: family.expiresAt,
        revoked_at: family.revokedAt,
        revoked_reason: family.revokedReason,
      });
    },
    async insertToken(token) {
      await db('refresh_tokens').insert({
        token_hash: token.tokenHash,
        family_id: token.familyId,
        created_at: token.createdAt,
        expires_at: token.expiresAt,
        rotated_at: token.rotatedAt,
      });
    },
    async findToken(tokenHash) {
      const row = await db('refresh_tokens').where({ token_hash: tokenHash }).first();
      if (!row) return undefined;
      const family = await db('refresh_token_families').where({ id: row.family_id }).first();
      if (!family) return undefined;
      return {
        token: {
          tokenHash: String(row.token_hash),
          familyId: String(row.family_id),
          createdAt: toEpoch(row.created_at),
          expiresAt: toEpoch(row.expires_at),
          rotatedAt: toEpochOrNull(row.rotated_at),
        },
        family: toFamily(family),
      };
    },
    async markRotated(tokenHash, now) {
      const count = await db('refresh_tokens').where({ token_hash: tokenHash }).whereNull('rotated_at').update({ rotated_at: now });
      return count === 1;
    },
    async revokeFamily(familyId, reason, now) {
      const count = await db('refresh_token_families')
        .where({ id: familyId })
        .whereNull('revoked_at')
        .update({ revoked_at: now, revoked_reason: reason });
      return count === 1;
    },
    async revokeFamiliesOfUserAndClient(userId, clientId, reason, now) {
      return db('refresh_token_families')
        .where({ user_id: userId, client_id: clientId })
        .whereNull('revoked_at')
        .update({ revoked_at: now, revoked_reason: reason });
    },
    async countLiveFamiliesOfUser(userId) {
      const [row] = (await db('refresh_token_families').where({ user_id: userId }).whereNull('revoked_at').count({ n: '*' })) as { n: number | string }[];
      return Number(row?.n ?? 0);
    },
    async revokeFamiliesOfUser(userId, reason, now) {
      return db('refresh_token_families').where({ user_id: userId }).whereNull('revoked_at').update({ revoked_at: now, revoked_reason: reason });
    },
  };
}
