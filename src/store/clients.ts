import type { Knex } from 'knex';
import { preparedQuery } from './prepared-query.js';
import { parseJsonList, toBoolean, toEpoch, toEpochOrNull } from './json-columns.js';
import type { ClientRecord, TokenEndpointAuthMethod } from '../domain/records.js';

/** Storage of registered clients. */
export interface ClientStore {
  findById(clientId: string): Promise<ClientRecord | undefined>;
  insert(client: ClientRecord): Promise<void>;
  list(): Promise<ClientRecord[]>;
  /** Every origin any client registered for CORS. */
  allowedOrigins(): Promise<Set<string>>;
  delete(clientId: string): Promise<boolean>;
  replaceSecret(clientId: string, secretHash: string, previous: { hash: string | null; expiresAt: number | null }, now: number): Promise<boolean>;
  /** Replaces the registration (everything but the id, the secrets and the creation time); false when there is no such client. */
  updateRegistration(clientId: string, registration: ClientRegistration, now: number): Promise<boolean>;
  /** The clients change counter: every write above bumps it in its own transaction, so other processes see that clients changed. */
  changeVersion(): Promise<number>;
}

/** The fields of a client an administrator may change after registering it. */
export type ClientRegistration = Omit<ClientRecord, 'clientId' | 'clientSecretHash' | 'previousSecretHash' | 'previousSecretExpiresAt' | 'createdAt' | 'updatedAt'>;

function registrationColumns(client: ClientRegistration): Record<string, unknown> {
  return {
    client_name: client.clientName,
    token_endpoint_auth_method: client.tokenEndpointAuthMethod,
    grant_types: JSON.stringify(client.grantTypes),
    redirect_uris: JSON.stringify(client.redirectUris),
    scope: client.scopes.join(' '),
    first_party: client.firstParty,
    resource_server: client.resourceServer,
    post_logout_redirect_uris: JSON.stringify(client.postLogoutRedirectUris),
    client_uri: client.clientUri,
    allowed_origins: JSON.stringify(client.allowedOrigins),
    pkce_required: client.pkceRequired,
    implicit_allowed: client.implicitAllowed,
    id_token_signed_response_alg: client.idTokenSignedResponseAlg,
    admin: client.admin,
    require_mfa: client.requireMfa,
    default_resource: client.defaultResource,
  };
}

/** Runs a client write and bumps the change counter in one transaction (or in the caller's). */
async function writeAndBump<T>(db: Knex, write: (db: Knex) => Promise<T>): Promise<T> {
  const bump = (trx: Knex) => trx('change_counters').where({ name: 'clients' }).increment('version', 1);
  if (db.isTransaction) {
    const result = await write(db);
    await bump(db);
    return result;
  }
  return db.transaction(async (trx) => {
    const result = await write(trx);
    await bump(trx);
    return result;
  });
}

function toClient(row: Record<string, unknown>): ClientRecord {
  return {
    clientId: String(row.client_id),
    clientSecretHash: (row.client_secret_hash as string | null) ?? null,
    previousSecretHash: (row.previous_secret_hash as string | null) ?? null,
    previousSecretExpiresAt: toEpochOrNull(row.previous_secret_expires_at),
    clientName: String(row.client_name),
    tokenEndpointAuthMethod: row.token_endpoint_auth_method as TokenEndpointAuthMethod,
    grantTypes: parseJsonList(row.grant_types),
    redirectUris: parseJsonList(row.redirect_uris),
    scopes: String(row.scope).split(' ').filter(Boolean),
    firstParty: toBoolean(row.first_party),
    resourceServer: toBoolean(row.resource_server),
    postLogoutRedirectUris: row.post_logout_redirect_uris ? parseJsonList(row.post_logout_redirect_uris) : [],
    clientUri: typeof row.client_uri === 'string' && row.client_uri !== '' ? row.client_uri : null,
    allowedOrigins: row.allowed_origins ? parseJsonList(row.allowed_origins) : [],
    pkceRequired: row.pkce_required === undefined ? true : toBoolean(row.pkce_required),
    implicitAllowed: toBoolean(row.implicit_allowed),
    idTokenSignedResponseAlg: row.id_token_signed_response_alg === 'ES256' ? 'ES256' : 'RS256',
    admin: toBoolean(row.admin),
    requireMfa: toBoolean(row.require_mfa),
    defaultResource: typeof row.default_resource === 'string' && row.default_resource !== '' ? row.default_resource : null,
    createdAt: toEpoch(row.created_at),
    updatedAt: toEpoch(row.updated_at),
  };
}

export function knexClientStore(db: Knex): ClientStore {
  const clientsVersion = preparedQuery(db, "select version from change_counters where name = 'clients'");
  return {
    async findById(clientId) {
      const row = await db('clients').where({ client_id: clientId }).first();
      // MySQL's default collation compares case-insensitively and ignores trailing spaces; client ids are exact (RFC 6749 §2.2).
      return row && row.client_id === clientId ? toClient(row) : undefined;
    },
    async insert(client) {
      await writeAndBump(db, (trx) => trx('clients').insert({
        client_id: client.clientId,
        client_secret_hash: client.clientSecretHash,
        previous_secret_hash: client.previousSecretHash,
        previous_secret_expires_at: client.previousSecretExpiresAt,
        ...registrationColumns(client),
        created_at: client.createdAt,
        updated_at: client.updatedAt,
      }));
    },
    async list() {
      const rows = await db('clients').select('*').orderBy('created_at');
      return rows.map(toClient);
    },
    async allowedOrigins() {
      const rows: { allowed_origins: string | null }[] = await db('clients').whereNotNull('allowed_origins').select('allowed_origins');
      return new Set(rows.flatMap((r) => parseJsonList(r.allowed_origins)));
    },
    async delete(clientId) {
      return (await writeAndBump(db, (trx) => trx('clients').where({ client_id: clientId }).delete())) > 0;
    },
    async replaceSecret(clientId, secretHash, previous, now) {
      const count = await writeAndBump(db, (trx) =>
        trx('clients').where({ client_id: clientId }).update({
          client_secret_hash: secretHash,
          previous_secret_hash: previous.hash,
          previous_secret_expires_at: previous.expiresAt,
          updated_at: now,
        }),
      );
      return count > 0;
    },
    async updateRegistration(clientId, registration, now) {
      const count = await writeAndBump(db, (trx) => trx('clients').where({ client_id: clientId }).update({ ...registrationColumns(registration), updated_at: now }));
      return count > 0;
    },
    async changeVersion() {
      const [row] = await clientsVersion([]);
      return Number(row?.version ?? 0);
    },
  };
}
