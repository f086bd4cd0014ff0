import type { Knex } from 'knex';

/** The deny list of revoked access-token ids, kept until each token expires. */
export interface RevokedAccessTokenStore {
  insert(entry: { jti: string; clientId: string; expiresAt: number; revokedAt: number }): Promise<void>;
  isRevoked(jti: string): Promise<boolean>;
  /**
   * True when `jti` is on the deny list or the refresh-token family `grantId` is revoked (RFC 7009 §2):
   * both questions in one statement, one round trip, for every bearer request in revocation-aware mode.
   */
  isRevokedWithGrant(jti: string, grantId: string): Promise<boolean>;
}

export function knexRevokedAccessTokenStore(db: Knex): RevokedAccessTokenStore {
  return {
    async insert(entry) {
      await db('revoked_access_tokens')
        .insert({ jti: entry.jti, client_id: entry.clientId, expires_at: entry.expiresAt, revoked_at: entry.revokedAt })
        .onConflict('jti')
        .ignore();
    },
    async isRevoked(jti) {
      const row = await db('revoked_access_tokens').where({ jti }).first('jti');
      return row !== undefined;
    },
    async isRevokedWithGrant(jti, grantId) {
      const [row] = (await db.select(
        db.raw('exists (select 1 from revoked_access_tokens where jti = ?) as denied', [jti]),
        db.raw('exists (select 1 from refresh_token_families where id = ? and revoked_at is not null) as grant_revoked', [grantId]),
      )) as { denied: number | string | boolean; grant_revoked: number | string | boolean }[];
      return Number(row?.denied) === 1 || Number(row?.grant_revoked) === 1;
    },
  };
}
