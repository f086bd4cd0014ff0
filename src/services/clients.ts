import { randomIdentifier, randomToken, sha256Hex } from '../crypto/random.js';
import type { Storage } from '../store/index.js';
import type { ClientRegistration } from '../store/clients.js';
import type { ClientRecord, TokenEndpointAuthMethod } from '../domain/records.js';
import { type AdminActor, cliActor, recordAdminChange, type Auditor } from './audit.js';
import { AdminInputError, AdminNotFoundError } from './admin-errors.js';
import { isLoopbackHost } from '../resource-server/loopback.js';

/** Grant types a client can be registered for today (`implicit`: the `token` response types, never at `/token`). */
export const registrableGrantTypes = ['authorization_code', 'client_credentials', 'implicit', 'password', 'refresh_token', 'urn:ietf:params:oauth:grant-type:token-exchange'] as const;

/**
 * The grant types a client is registered for. RFC 7591 §2.1 pairs the `token` response type with the
 * `implicit` grant type, so allowing the implicit flow registers `implicit` (and `implicit` allows it).
 */
export function registeredGrantTypes(grantTypes: readonly string[], implicit: boolean): string[] {
  return [...new Set([...grantTypes, ...(implicit ? ['implicit'] : [])])];
}

/** Input for registering a client (names follow RFC 7591 §2 where they exist). */
export interface NewClient {
  clientName: string;
  grantTypes: string[];
  scopes: string[];
  redirectUris?: string[];
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  firstParty?: boolean;
  resourceServer?: boolean;
  postLogoutRedirectUris?: string[];
  /** RFC 7591 §2 `client_uri`: https (http on loopback); `null` or `""` clears it. */
  clientUri?: string | null;
  allowedOrigins?: string[];
  /** Registers PKCE as optional (confidential clients only). */
  pkceOptional?: boolean;
  /** Allows the implicit flow (legacy; RFC 9700 §2.1.2). */
  implicit?: boolean;
  idTokenSignedResponseAlg?: 'RS256' | 'ES256';
  /** May be granted the `admin` scope: a confidential client with the client_credentials grant only. */
  admin?: boolean;
  /** Every sign-in for this client needs a second factor (issue 10). */
  requireMfa?: boolean;
  /** A registered API's identifier: where its tokens go when nothing names an API (RFC 8707); `null` or `""`: the built-in API. */
  defaultResource?: string | null;
}

/** A newly created or re-keyed client with its one-time plaintext secret. */
export interface ClientWithSecret {
  client: ClientRecord;
  clientSecret: string | undefined;
}

function parseUri(uri: string): URL {
  try {
    return new URL(uri);
  } catch {
    throw new AdminInputError(`not an absolute URI: ${uri}`);
  }
}

/** RFC 6749 §3.1.2: absolute, no fragment; https, http on loopback (RFC 8252 §7.3), or a private-use scheme for native apps (§7.1). */
function checkRedirectUri(uri: string, publicClient: boolean): void {
  const url = parseUri(uri);
  if (url.hash || uri.includes('#')) throw new AdminInputError(`redirect URI must not have a fragment: ${uri}`);
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return;
  if (publicClient && /^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:$/.test(url.protocol)) return;
  throw new AdminInputError(`redirect URI must be https (http only on loopback): ${uri}`);
}

/** RFC 7591 §2 `client_uri`, a web page: the rules of web redirect URIs (https, http only on loopback, no fragment). */
function checkClientUri(uri: string): void {
  const url = parseUri(uri);
  if (url.hash || uri.includes('#')) throw new AdminInputError(`client URI must not have a fragment: ${uri}`);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) return;
  throw new AdminInputError(`client URI must be https (http only on loopback): ${uri}`);
}

function checkOrigin(origin: string): void {
  const url = parseUri(origin);
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  if (!secure || url.origin !== origin) throw new AdminInputError(`not an https origin (scheme://host[:port]): ${origin}`);
}

/** A stored client as the input {@link Clients.update} merges changes into. */
function registrationInput(client: ClientRecord): NewClient {
  return {
    clientName: client.clientName,
    grantTypes: client.grantTypes.filter((grant) => grant !== 'implicit'),
    scopes: client.scopes,
    redirectUris: client.redirectUris,
    tokenEndpointAuthMethod: client.tokenEndpointAuthMethod,
    firstParty: client.firstParty,
    resourceServer: client.resourceServer,
    postLogoutRedirectUris: client.postLogoutRedirectUris,
    clientUri: client.clientUri,
    allowedOrigins: client.allowedOrigins,
    pkceOptional: !client.pkceRequired,
    implicit: client.implicitAllowed,
    idTokenSignedResponseAlg: client.idTokenSignedResponseAlg,
    admin: client.admin,
    requireMfa: client.requireMfa,
    defaultResource: client.defaultResource,
  };
}

/** Registered clients: creation with generated secrets, changes, secret rotation, deletion. */
export class Clients {
  constructor(
    private readonly storage: Storage,
    private readonly now: () => number,
    private readonly auditor: Auditor,
  ) {}

  async create(input: NewClient, actor: AdminActor = cliActor): Promise<ClientWithSecret> {
    const registration = await this.checkedRegistration(input);
    const clientSecret = registration.tokenEndpointAuthMethod === 'none' ? undefined : randomToken(32);
    const now = this.now();
    const client: ClientRecord = {
      clientId: randomIdentifier(),
      clientSecretHash: clientSecret ? sha256Hex(clientSecret) : null,
      previousSecretHash: null,
      previousSecretExpiresAt: null,
      ...registration,
      createdAt: now,
      updatedAt: now,
    };
    await this.storage.clients.insert(client);
    await recordAdminChange(
      this.auditor,
      { event: 'client.created', outcome: 'success', clientId: client.clientId, detail: { grant_types: client.grantTypes, scope: client.scopes.join(' '), admin: client.admin } },
      actor,
    );
    return { client, clientSecret };
  }

  /**
   * Changes a registration: the fields given replace the current ones (a list replaces the whole list),
   * checked by the same rules as {@link create}. A public client cannot become confidential or the
   * reverse (register a new client): the secret belongs to the registration. Every process stops
   * using the old registration within the client cache's bound.
   */
  async update(clientId: string, changes: Partial<NewClient>, actor: AdminActor = cliActor): Promise<ClientRecord> {
    const current = await this.require(clientId);
    const merged: NewClient = { ...registrationInput(current), ...changes };
    if (changes.grantTypes && changes.implicit === undefined) merged.implicit = changes.grantTypes.includes('implicit');
    const registration = await this.checkedRegistration(merged);
    const wasPublic = current.tokenEndpointAuthMethod === 'none';
    if (wasPublic !== (registration.tokenEndpointAuthMethod === 'none')) {
      throw new AdminInputError(`a ${wasPublic ? 'public' : 'confidential'} client cannot become ${wasPublic ? 'confidential' : 'public'}: register a new client`);
    }
    const now = this.now();
    await this.storage.clients.updateRegistration(clientId, registration, now);
    const changed = (Object.keys(registration) as (keyof ClientRegistration)[]).filter((key) => JSON.stringify(registration[key]) !== JSON.stringify(current[key]));
    await recordAdminChange(this.auditor, { event: 'client.updated', outcome: 'success', clientId, detail: { changed } }, actor);
    return { ...current, ...registration, updatedAt: now };
  }

  /** A registered API's identifier, or null (`""` too) for the built-in API. */
  private async checkedDefaultResource(identifier: string | null): Promise<string | null> {
    if (identifier === null || identifier === '') return null;
    if (!(await this.storage.apis.list()).some((api) => api.identifier === identifier)) throw new AdminInputError(`no such API: ${identifier} (latchkey apis list)`);
    return identifier;
  }

  /** RFC 7591 §2 metadata rules shared by create and update. */
  private async checkedRegistration(input: NewClient): Promise<ClientRegistration> {
    const method = input.tokenEndpointAuthMethod ?? 'client_secret_basic';
    const implicit = input.implicit === true || input.grantTypes.includes('implicit');
    const grantTypes = registeredGrantTypes(input.grantTypes, implicit);
    if (!input.clientName.trim()) throw new AdminInputError('client name must not be empty');
    if (grantTypes.length === 0) throw new AdminInputError('at least one grant type is required');
    for (const grant of grantTypes) {
      if (!(registrableGrantTypes as readonly string[]).includes(grant)) throw new AdminInputError(`unknown grant type: ${grant}`);
    }
    if (grantTypes.includes('password') && !input.firstParty) throw new AdminInputError('the password grant requires --first-party');
    if (grantTypes.includes('client_credentials') && method === 'none') throw new AdminInputError('client_credentials requires a confidential client');
    // Issue 12 §2: token exchange is for confidential clients only.
    if (grantTypes.includes('urn:ietf:params:oauth:grant-type:token-exchange') && method === 'none') throw new AdminInputError('token exchange requires a confidential client');
    const known = new Set((await this.storage.scopes.list()).map((s) => s.name));
    for (const scope of input.scopes) if (!known.has(scope)) throw new AdminInputError(`unknown scope: ${scope}`);
    const redirectUris = input.redirectUris ?? [];
    redirectUris.forEach((uri) => checkRedirectUri(uri, method === 'none'));
    (input.postLogoutRedirectUris ?? []).forEach((uri) => checkRedirectUri(uri, method === 'none'));
    (input.allowedOrigins ?? []).forEach(checkOrigin);
    const clientUri = input.clientUri ? input.clientUri : null;
    if (clientUri !== null) checkClientUri(clientUri);
    if ((grantTypes.includes('authorization_code') || implicit) && redirectUris.length === 0) {
      throw new AdminInputError('authorization_code and implicit need at least one --redirect-uri');
    }
    if (input.pkceOptional && method === 'none') throw new AdminInputError('PKCE cannot be optional for a public client');
    // Issue 13 §4: an admin token comes only from client credentials (RFC 6749 §4.4), so never on a user's behalf.
    if (input.admin && (method === 'none' || grantTypes.length !== 1 || grantTypes[0] !== 'client_credentials')) {
      throw new AdminInputError('an admin client must be confidential with the client_credentials grant only');
    }
    return {
      clientName: input.clientName.trim(),
      tokenEndpointAuthMethod: method,
      grantTypes,
      redirectUris,
      scopes: [...new Set(input.scopes)],
      firstParty: input.firstParty ?? false,
      resourceServer: input.resourceServer ?? false,
      postLogoutRedirectUris: input.postLogoutRedirectUris ?? [],
      clientUri,
      allowedOrigins: input.allowedOrigins ?? [],
      pkceRequired: !input.pkceOptional,
      implicitAllowed: implicit,
      idTokenSignedResponseAlg: input.idTokenSignedResponseAlg ?? 'RS256',
      admin: input.admin ?? false,
      requireMfa: input.requireMfa ?? false,
      defaultResource: await this.checkedDefaultResource(input.defaultResource ?? null),
    };
  }

  /** Issues a new secret; the old one keeps working for `keepOldForS` seconds (0: stops at once). */
  async rotateSecret(clientId: string, keepOldForS: number, actor: AdminActor = cliActor): Promise<ClientWithSecret> {
    if (!Number.isSafeInteger(keepOldForS) || keepOldForS < 0) throw new AdminInputError('the time to keep the old secret must be a whole number of seconds, 0 or more');
    const client = await this.require(clientId);
    if (client.tokenEndpointAuthMethod === 'none') throw new AdminInputError('public clients have no secret');
    const clientSecret = randomToken(32);
    const now = this.now();
    const previous = keepOldForS > 0 ? { hash: client.clientSecretHash, expiresAt: now + keepOldForS * 1000 } : { hash: null, expiresAt: null };
    await this.storage.clients.replaceSecret(clientId, sha256Hex(clientSecret), previous, now);
    await recordAdminChange(this.auditor, { event: 'client.secret_rotated', outcome: 'success', clientId, detail: { previous_secret_expires_at: previous.expiresAt } }, actor);
    return { client: (await this.storage.clients.findById(clientId)) as ClientRecord, clientSecret };
  }

  list(): Promise<ClientRecord[]> {
    return this.storage.clients.list();
  }

  async require(clientId: string): Promise<ClientRecord> {
    const client = await this.storage.clients.findById(clientId);
    if (!client) throw new AdminNotFoundError(`no such client: ${clientId}`);
    return client;
  }

  async delete(clientId: string, actor: AdminActor = cliActor): Promise<void> {
    if (!(await this.storage.clients.delete(clientId))) throw new AdminNotFoundError(`no such client: ${clientId}`);
    await recordAdminChange(this.auditor, { event: 'client.deleted', outcome: 'success', clientId }, actor);
  }
}
