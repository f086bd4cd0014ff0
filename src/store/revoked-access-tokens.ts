import type { Knex } from 'knex';

/** The deny list of revoked access-token ids, kept until each token expires. */
export interface RevokedAccessTokenStore {
  insert(entry: { jti: string; clientId: string; expiresAt: number; revokedAt: number }): Promise<void>;
  isRevoked(jti: string): Promise<boolean>;
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
  };
}
