import type { Knex } from 'knex';
import { preparedQuery } from './prepared-query.js';

/** What the revocation-aware check needs to know of an access token. */
export interface AccessTokenRef {
  readonly jti: string;
  /** The grant family the token was issued under; absent for client-credentials tokens. */
  readonly grantId: string | undefined;
  readonly clientId: string;
}

/** The deny list of revoked access-token ids, kept until each token expires. */
export interface RevokedAccessTokenStore {
  insert(entry: { jti: string; clientId: string; expiresAt: number; revokedAt: number }): Promise<void>;
  /**
   * True when the token must be refused (RFC 7009 §2): its `jti` is on the deny list, its grant family
   * was revoked, or its client no longer exists (deleting a client ends every token issued to it, also
   * client-credentials tokens, which have no family). All three questions are one read-only statement,
   * one round trip, for every bearer request in revocation-aware mode.
   */
  isRevoked(token: AccessTokenRef): Promise<boolean>;
}

type Flag = number | string | boolean | null | undefined;

const revocationFlagsSql =
  'select exists (select 1 from revoked_access_tokens where jti = ?) as denied, ' +
  'exists (select 1 from refresh_token_families where id = ? and revoked_at is not null) as grant_revoked, ' +
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
      const [row] = (await revocationFlags([token.jti, token.grantId ?? '', token.clientId])) as { denied: Flag; grant_revoked: Flag; client_known: Flag }[];
      return Number(row?.denied) === 1 || Number(row?.grant_revoked) === 1 || Number(row?.client_known) !== 1;
    },
  };
}
