import type { Knex } from 'knex';
import { authenticationColumns, nullableJsonList, parseJsonList, toAuthentication, toEpoch, toEpochOrNull } from './json-columns.js';
import type { GrantRecord, RefreshTokenRecord } from '../domain/records.js';

/** Storage of user grants (the `refresh_token_families` table) and their refresh tokens (hashes only). */
export interface RefreshTokenStore {
  insertGrant(grant: GrantRecord): Promise<void>;
  insertToken(token: RefreshTokenRecord): Promise<void>;
  findToken(tokenHash: string): Promise<{ token: RefreshTokenRecord; grant: GrantRecord } | undefined>;
  findGrant(grantId: string): Promise<GrantRecord | undefined>;
  /** Atomically marks a token rotated; false when another request rotated it first. */
  markRotated(tokenHash: string, now: number): Promise<boolean>;
  revokeGrant(grantId: string, reason: string, now: number): Promise<boolean>;
  revokeGrantsOfUser(userId: string, reason: string, now: number): Promise<number>;
  /** How many of the user's grants are not revoked. */
  countLiveGrantsOfUser(userId: string): Promise<number>;
  revokeGrantsOfUserAndClient(userId: string, clientId: string, reason: string, now: number): Promise<number>;
}

function toGrant(row: Record<string, unknown>): GrantRecord {
  return {
    id: String(row.id),
    clientId: String(row.client_id),
    userId: String(row.user_id),
    scopes: String(row.scope).split(' ').filter(Boolean),
    createdAt: toEpoch(row.created_at),
    expiresAt: toEpoch(row.expires_at),
    revokedAt: toEpochOrNull(row.revoked_at),
    revokedReason: (row.revoked_reason as string | null) ?? null,
    authentication: row.auth_time === null || row.auth_time === undefined ? null : toAuthentication(row.auth_time, row.acr, row.amr),
    resources: parseJsonList(row.resources),
  };
}

export function knexRefreshTokenStore(db: Knex): RefreshTokenStore {
  return {
    async insertGrant(grant) {
      await db('refresh_token_families').insert({
        id: grant.id,
        client_id: grant.clientId,
        user_id: grant.userId,
        scope: grant.scopes.join(' '),
        created_at: grant.createdAt,
        expires_at: grant.expiresAt,
        revoked_at: grant.revokedAt,
        revoked_reason: grant.revokedReason,
        resources: nullableJsonList(grant.resources),
        ...(grant.authentication ? { auth_time: grant.authentication.authTime, ...authenticationColumns(grant.authentication) } : {}),
      });
    },
    async insertToken(token) {
      await db('refresh_tokens').insert({
        token_hash: token.tokenHash,
        family_id: token.grantId,
        created_at: token.createdAt,
        expires_at: token.expiresAt,
        rotated_at: token.rotatedAt,
      });
    },
    async findToken(tokenHash) {
      const row = await db('refresh_tokens').where({ token_hash: tokenHash }).first();
      if (!row) return undefined;
      const grant = await db('refresh_token_families').where({ id: row.family_id }).first();
      if (!grant) return undefined;
      return {
        token: {
          tokenHash: String(row.token_hash),
          grantId: String(row.family_id),
          createdAt: toEpoch(row.created_at),
          expiresAt: toEpoch(row.expires_at),
          rotatedAt: toEpochOrNull(row.rotated_at),
        },
        grant: toGrant(grant),
      };
    },
    async findGrant(grantId) {
      const row = await db('refresh_token_families').where({ id: grantId }).first();
      return row ? toGrant(row) : undefined;
    },
    async markRotated(tokenHash, now) {
      const count = await db('refresh_tokens').where({ token_hash: tokenHash }).whereNull('rotated_at').update({ rotated_at: now });
      return count === 1;
    },
    async revokeGrant(grantId, reason, now) {
      const count = await db('refresh_token_families')
        .where({ id: grantId })
        .whereNull('revoked_at')
        .update({ revoked_at: now, revoked_reason: reason });
      return count === 1;
    },
    async revokeGrantsOfUserAndClient(userId, clientId, reason, now) {
      return db('refresh_token_families')
        .where({ user_id: userId, client_id: clientId })
        .whereNull('revoked_at')
        .update({ revoked_at: now, revoked_reason: reason });
    },
    async countLiveGrantsOfUser(userId) {
      const [row] = (await db('refresh_token_families').where({ user_id: userId }).whereNull('revoked_at').count({ n: '*' })) as { n: number | string }[];
      return Number(row?.n ?? 0);
    },
    async revokeGrantsOfUser(userId, reason, now) {
      return db('refresh_token_families').where({ user_id: userId }).whereNull('revoked_at').update({ revoked_at: now, revoked_reason: reason });
    },
  };
}
