import { randomId } from '../crypto/random.js';
import type { ApiRecord } from '../domain/records.js';
import { checkResourceIndicator } from '../oauth/resource-indicators.js';
import { adminScope } from '../oauth/scopes.js';
import { OAuthError } from '../oauth/errors.js';
import { isUniqueViolation } from '../store/errors.js';
import type { Storage } from '../store/index.js';
import { type AdminActor, type Auditor, cliActor, recordAdminChange } from './audit.js';
import { AdminConflictError, AdminInputError, AdminNotFoundError } from './admin-errors.js';

/** The longest access-token lifetime an API may have (RFC 9700 §4.10: keep access tokens short-lived). */
const maxApiAccessTokenTtlS = 86_400;
const minApiAccessTokenTtlS = 60;

/** The OpenID Connect scopes are for the userinfo endpoint, an endpoint of the built-in API (OIDC Core §5.4). */
const builtInOnlyScopes = new Set(['openid', 'profile', 'email', 'offline_access', adminScope]);

/** What an administrator gives to register an API. */
export interface NewApi {
  identifier: string;
  name: string;
  scopes: readonly string[];
  accessTokenTtlS?: number | null;
  resourceServerClientId?: string | null;
}

/** What may change on an API: everything but its id; `scopes`, when given, replaces its scopes. */
export type ApiChanges = Partial<NewApi>;

/** A registered API with the scopes that are for it. */
export interface ApiWithScopes {
  api: ApiRecord;
  scopes: string[];
}

/** Registered APIs (resource servers, issue 12 §1): one service under the CLI. */
export class Apis {
  constructor(
    private readonly deps: {
      storage: Storage;
      now: () => number;
      auditor: Auditor;
      /** Identifiers no API may take: the built-in API's (`LATCHKEY_AUDIENCE`) and the admin API's. */
      reservedIdentifiers: readonly string[];
      /** Called after every change, so this process's token paths see it at once (others within a second). */
      changed: () => void;
    },
  ) {}

  async list(): Promise<ApiWithScopes[]> {
    const [apis, scopes] = await Promise.all([this.deps.storage.apis.list(), this.deps.storage.scopes.list()]);
    return apis.map((api) => ({ api, scopes: scopes.filter((scope) => scope.apiId === api.id).map((scope) => scope.name) }));
  }

  /** The API with this identifier (or id). */
  async show(identifier: string): Promise<ApiWithScopes> {
    const found = (await this.list()).find(({ api }) => api.identifier === identifier || api.id === identifier);
    if (!found) throw new AdminNotFoundError(`no such API: ${identifier}`);
    return found;
  }

  async create(input: NewApi, actor: AdminActor = cliActor): Promise<ApiWithScopes> {
    const now = this.deps.now();
    const api: ApiRecord = {
      id: randomId(),
      identifier: this.checkedIdentifier(input.identifier),
      name: checkedName(input.name),
      accessTokenTtlS: checkedTtl(input.accessTokenTtlS ?? null),
      resourceServerClientId: await this.checkedResourceServer(input.resourceServerClientId ?? null),
      createdAt: now,
      updatedAt: now,
    };
    const scopes = await this.checkedScopes(input.scopes, api.id);
    try {
      await this.deps.storage.apis.insert(api, scopes);
    } catch (error) {
      if (isUniqueViolation(error)) throw new AdminConflictError(`an API with identifier ${api.identifier} or resource-server client ${api.resourceServerClientId ?? ''} exists`);
      throw error;
    }
    this.deps.changed();
    await recordAdminChange(this.deps.auditor, { event: 'api.created', outcome: 'success', detail: { api: api.identifier, scopes } }, actor);
    return { api, scopes };
  }

  async update(identifier: string, changes: ApiChanges, actor: AdminActor = cliActor): Promise<ApiWithScopes> {
    const { api: current } = await this.show(identifier);
    const api: ApiRecord = {
      ...current,
      identifier: changes.identifier === undefined ? current.identifier : this.checkedIdentifier(changes.identifier),
      name: changes.name === undefined ? current.name : checkedName(changes.name),
      accessTokenTtlS: changes.accessTokenTtlS === undefined ? current.accessTokenTtlS : checkedTtl(changes.accessTokenTtlS),
      resourceServerClientId:
        changes.resourceServerClientId === undefined ? current.resourceServerClientId : await this.checkedResourceServer(changes.resourceServerClientId),
      updatedAt: this.deps.now(),
    };
    const scopes = changes.scopes === undefined ? undefined : await this.checkedScopes(changes.scopes, api.id);
    if (api.identifier !== current.identifier) await this.refuseWhileDefault(current.identifier, 'renamed');
    try {
      if (!(await this.deps.storage.apis.update(api, scopes))) throw new AdminNotFoundError(`no such API: ${identifier}`);
    } catch (error) {
      if (isUniqueViolation(error)) throw new AdminConflictError(`an API with identifier ${api.identifier} or resource-server client ${api.resourceServerClientId ?? ''} exists`);
      throw error;
    }
    this.deps.changed();
    await recordAdminChange(this.deps.auditor, { event: 'api.updated', outcome: 'success', detail: { api: api.identifier, ...(scopes ? { scopes } : {}) } }, actor);
    return this.show(api.id);
  }

  /**
   * Deletes an API, refused while scopes are for it: moving them to the built-in API would let its tokens
   * carry them. Tokens already issued for it keep working until they expire.
   */
  async delete(identifier: string, actor: AdminActor = cliActor): Promise<void> {
    const { api, scopes } = await this.show(identifier);
    if (scopes.length > 0) throw new AdminConflictError(`API ${api.identifier} still has scopes (${scopes.join(', ')}): delete them (latchkey scopes delete) or move them to another API first`);
    await this.refuseWhileDefault(api.identifier, 'deleted');
    if (!(await this.deps.storage.apis.delete(api.id))) throw new AdminNotFoundError(`no such API: ${identifier}`);
    this.deps.changed();
    await recordAdminChange(this.deps.auditor, { event: 'api.deleted', outcome: 'success', detail: { api: api.identifier } }, actor);
  }

  /** Clients name their default API by identifier: it may not disappear under them. */
  private async refuseWhileDefault(identifier: string, what: 'renamed' | 'deleted'): Promise<void> {
    const defaulting = (await this.deps.storage.clients.list()).filter((client) => client.defaultResource === identifier).map((client) => client.clientId);
    if (defaulting.length > 0) {
      throw new AdminConflictError(`API ${identifier} is the default API of client(s) ${defaulting.join(', ')} and cannot be ${what}: change theirs first (clients update ID --default-resource "")`);
    }
  }

  private checkedIdentifier(identifier: string): string {
    try {
      checkResourceIndicator(identifier);
    } catch (error) {
      if (error instanceof OAuthError) throw new AdminInputError(`invalid identifier: ${error.description ?? error.code}`);
      throw error;
    }
    if (this.deps.reservedIdentifiers.includes(identifier)) throw new AdminInputError(`${identifier} is the built-in or the admin API's identifier (LATCHKEY_AUDIENCE, LATCHKEY_ADMIN_AUDIENCE)`);
    return identifier;
  }

  /** A resource-server client, tied to one API at most (the database's unique index says which). */
  private async checkedResourceServer(clientId: string | null): Promise<string | null> {
    if (clientId === null) return null;
    const client = await this.deps.storage.clients.findById(clientId);
    if (!client) throw new AdminNotFoundError(`no such client: ${clientId}`);
    if (!client.resourceServer) throw new AdminInputError(`client ${clientId} is not a resource server (clients update ${clientId} --resource-server)`);
    return clientId;
  }

  /** Existing scopes, none reserved for the built-in API, none already for another API. */
  private async checkedScopes(names: readonly string[], apiId: string): Promise<string[]> {
    const wanted = [...new Set(names)];
    const known = new Map((await this.deps.storage.scopes.list()).map((scope) => [scope.name, scope]));
    const apis = new Map((await this.deps.storage.apis.list()).map((api) => [api.id, api.identifier]));
    for (const name of wanted) {
      const scope = known.get(name);
      if (builtInOnlyScopes.has(name)) throw new AdminInputError(`scope ${name} is for the built-in API only (the userinfo endpoint and the admin API)`);
      if (!scope) throw new AdminNotFoundError(`no such scope: ${name} (create it first: latchkey scopes create ${name})`);
      if (scope.apiId !== null && scope.apiId !== apiId) throw new AdminConflictError(`scope ${name} is for API ${apis.get(scope.apiId) ?? scope.apiId}: a scope is for one API at most`);
    }
    return wanted;
  }
}

function checkedName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > 255) throw new AdminInputError('the name must be 1 to 255 characters');
  return trimmed;
}

function checkedTtl(ttlS: number | null): number | null {
  if (ttlS === null) return null;
  if (!Number.isInteger(ttlS) || ttlS < minApiAccessTokenTtlS || ttlS > maxApiAccessTokenTtlS) {
    throw new AdminInputError(`the access-token lifetime must be between ${minApiAccessTokenTtlS} s and ${maxApiAccessTokenTtlS} s (24 h)`);
  }
  return ttlS;
}
