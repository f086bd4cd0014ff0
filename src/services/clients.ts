import { randomToken, sha256Hex } from '../crypto/random.js';
import type { Storage } from '../store/index.js';
import type { ClientRecord, TokenEndpointAuthMethod } from '../store/records.js';
import { AdminInputError } from './users.js';

/** Grant types a client can be registered for today. */
export const registrableGrantTypes = ['client_credentials', 'password', 'refresh_token'] as const;

/** Input for registering a client (names follow RFC 7591 §2 where they exist). */
export interface NewClient {
  clientName: string;
  grantTypes: string[];
  scopes: string[];
  redirectUris?: string[];
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  firstParty?: boolean;
  resourceServer?: boolean;
}

/** A newly created or re-keyed client with its one-time plaintext secret. */
export interface ClientWithSecret {
  client: ClientRecord;
  clientSecret: string | undefined;
}

function checkRedirectUri(uri: string): void {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new AdminInputError(`not an absolute URI: ${uri}`);
  }
  // RFC 6749 §3.1.2: the redirection endpoint URI MUST NOT include a fragment.
  if (url.hash || uri.includes('#')) throw new AdminInputError(`redirect URI must not have a fragment: ${uri}`);
}

/** Registered clients: creation with generated secrets, secret rotation, deletion. */
export class Clients {
  constructor(
    private readonly storage: Storage,
    private readonly now: () => number,
  ) {}

  async create(input: NewClient): Promise<ClientWithSecret> {
    const method = input.tokenEndpointAuthMethod ?? 'client_secret_basic';
    const grantTypes = [...new Set(input.grantTypes)];
    if (!input.clientName.trim()) throw new AdminInputError('client name must not be empty');
    if (grantTypes.length === 0) throw new AdminInputError('at least one grant type is required');
    for (const grant of grantTypes) {
      if (!(registrableGrantTypes as readonly string[]).includes(grant)) throw new AdminInputError(`unknown grant type: ${grant}`);
    }
    if (grantTypes.includes('password') && !input.firstParty) throw new AdminInputError('the password grant requires --first-party');
    if (grantTypes.includes('client_credentials') && method === 'none') throw new AdminInputError('client_credentials requires a confidential client');
    const known = new Set((await this.storage.scopes.list()).map((s) => s.name));
    for (const scope of input.scopes) if (!known.has(scope)) throw new AdminInputError(`unknown scope: ${scope}`);
    (input.redirectUris ?? []).forEach(checkRedirectUri);
    const clientSecret = method === 'none' ? undefined : randomToken(32);
    const now = this.now();
    const client: ClientRecord = {
      clientId: randomToken(16),
      clientSecretHash: clientSecret ? sha256Hex(clientSecret) : null,
      previousSecretHash: null,
      previousSecretExpiresAt: null,
      clientName: input.clientName.trim(),
      tokenEndpointAuthMethod: method,
      grantTypes,
      redirectUris: input.redirectUris ?? [],
      scopes: [...new Set(input.scopes)],
      firstParty: input.firstParty ?? false,
      resourceServer: input.resourceServer ?? false,
      createdAt: now,
      updatedAt: now,
    };
    await this.storage.clients.insert(client);
    return { client, clientSecret };
  }

  /** Issues a new secret; the old one keeps working for `keepOldForS` seconds (0: stops at once). */
  async rotateSecret(clientId: string, keepOldForS: number): Promise<ClientWithSecret> {
    const client = await this.require(clientId);
    if (client.tokenEndpointAuthMethod === 'none') throw new AdminInputError('public clients have no secret');
    const clientSecret = randomToken(32);
    const now = this.now();
    const previous = keepOldForS > 0 ? { hash: client.clientSecretHash, expiresAt: now + keepOldForS * 1000 } : { hash: null, expiresAt: null };
    await this.storage.clients.replaceSecret(clientId, sha256Hex(clientSecret), previous, now);
    return { client: (await this.storage.clients.findById(clientId)) as ClientRecord, clientSecret };
  }

  list(): Promise<ClientRecord[]> {
    return this.storage.clients.list();
  }

  async require(clientId: string): Promise<ClientRecord> {
    const client = await this.storage.clients.findById(clientId);
    if (!client) throw new AdminInputError(`no such client: ${clientId}`);
    return client;
  }

  async delete(clientId: string): Promise<void> {
    if (!(await this.storage.clients.delete(clientId))) throw new AdminInputError(`no such client: ${clientId}`);
  }
}
