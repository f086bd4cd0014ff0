import type { Knex } from 'knex';
import { authenticationColumns, nullableJsonList, parseJsonList, toAuthentication, toBoolean, toEpoch, toEpochOrNull } from './json-columns.js';
import type { AuthorizationCodeRecord } from '../domain/records.js';

/** Storage of authorization codes (hashes only). */
export interface AuthorizationCodeStore {
  insert(code: AuthorizationCodeRecord): Promise<void>;
  find(codeHash: string): Promise<AuthorizationCodeRecord | undefined>;
  /** Atomically marks a code used; false when it was used before (single use, RFC 6749 §4.1.2). */
  consume(codeHash: string, now: number): Promise<boolean>;
  /** Uses up every unredeemed code of a user for a client (consent revoked). */
  consumeAllFor(userId: string, clientId: string, now: number): Promise<number>;
}

export function knexAuthorizationCodeStore(db: Knex): AuthorizationCodeStore {
  return {
    async insert(c) {
      await db('authorization_codes').insert({
        code_hash: c.codeHash,
        client_id: c.clientId,
        user_id: c.userId,
        grant_id: c.grantId,
        redirect_uri: c.redirectUri,
        redirect_uri_sent: c.redirectUriSent,
        scope: c.scopes.join(' '),
        code_challenge: c.codeChallenge,
        nonce: c.nonce,
        auth_time: c.authentication.authTime,
        ...authenticationColumns(c.authentication),
        created_at: c.createdAt,
        expires_at: c.expiresAt,
        consumed_at: c.consumedAt,
        resources: nullableJsonList(c.resources),
      });
    },
    async find(codeHash) {
      const row = await db('authorization_codes').where({ code_hash: codeHash }).first();
      if (!row) return undefined;
      return {
        codeHash: String(row.code_hash),
        clientId: String(row.client_id),
        userId: String(row.user_id),
        grantId: String(row.grant_id),
        redirectUri: String(row.redirect_uri),
        redirectUriSent: toBoolean(row.redirect_uri_sent),
        scopes: String(row.scope).split(' ').filter(Boolean),
        codeChallenge: (row.code_challenge as string | null) ?? null,
        nonce: (row.nonce as string | null) ?? null,
        authentication: toAuthentication(row.auth_time, row.acr, row.amr),
        resources: parseJsonList(row.resources),
        createdAt: toEpoch(row.created_at),
        expiresAt: toEpoch(row.expires_at),
        consumedAt: toEpochOrNull(row.consumed_at),
      };
    },
    async consumeAllFor(userId, clientId, now) {
      return db('authorization_codes').where({ user_id: userId, client_id: clientId }).whereNull('consumed_at').update({ consumed_at: now });
    },
    async consume(codeHash, now) {
      return (await db('authorization_codes').where({ code_hash: codeHash }).whereNull('consumed_at').update({ consumed_at: now })) === 1;
    },
  };
}
