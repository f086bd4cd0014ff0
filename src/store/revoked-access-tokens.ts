import type { Knex } from 'knex';
import { preparedQuery } from './prepared-query.js';

/** What the revocation-aware check needs to know of an access token. */
export interface AccessTokenRef {
  readonly jti: string;
  /** The grant (family) a user's token was issued under, which must exist and be unrevoked; absent for client-credentials tokens. */
  readonly grantId: string | undefined;
  readonly clientId: string;
}

/** The deny list of revoked access-token ids, kept until each token expires. */
export interface RevokedAccessTokenStore {
  insert(entry: { jti: string; clientId: string; expiresAt: number; revokedAt: number }): Promise<void>;
  /**
   * True when the token must be refused (RFC 7009 §2): its `jti` is on the deny list, its grant was
   * revoked or no longer exists, or its client no longer exists. A grant row outlives every token issued
   * under it (clean-up keeps it that long), so a missing grant means its user or client was deleted and
   * took it along; deleting a client also ends its client-credentials tokens, which have no grant. All
   * three questions are one read-only statement, one round trip, for every bearer request in
   * revocation-aware mode.
   */
  isRevoked(token: AccessTokenRef): Promise<boolean>;
}

type Flag = number | string | boolean | null | undefined;

const revocationFlagsSql =
  'select exists (select 1 from revoked_access_tokens where jti = ?) as denied, ' +
  'exists (select 1 from refresh_token_families where id = ? and revoked_at is null) as grant_live, ' +
  'exists (select 1 from clients where client_id = ?) as client_known';

export function knexRevokedAccessTokenStore(db: Knex): RevokedAccessTokenStore {
  const revocationFlags = preparedQuery(db, revocationFlagsSql);
  return {
    async insert(entry) {
      await db('revoked_access_tokens')
        .insert({ jti: entry.jti, client_id: entry.clientId, expires_at: entry.expiresAt, revoked_at: entry.revokedAt })
        .onConflict('jti')
        .ignore();
    },
    async isRevoked(token) {
      const [row] = (await revocationFlags([token.jti, token.grantId ?? '', token.clientId])) as { denied: Flag; grant_live: Flag; client_known: Flag }[];
      const grantGone = token.grantId !== undefined && Number(row?.grant_live) !== 1;
      return Number(row?.denied) === 1 || grantGone || Number(row?.client_known) !== 1;
    },
  };
}
