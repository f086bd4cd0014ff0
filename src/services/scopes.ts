import { isUniqueViolation } from '../store/errors.js';
import type { Storage } from '../store/index.js';
import type { ScopeRecord } from '../domain/records.js';
import { adminScope } from '../oauth/scopes.js';
import { type AdminActor, cliActor, recordAdminChange, type Auditor } from './audit.js';
import { AdminConflictError, AdminInputError, AdminNotFoundError } from './admin-errors.js';

/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
const scopeToken = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
const maxScopeLength = 128;

/** Per-locale descriptions keyed by a primary language subtag (BCP 47, lower case); empty texts are dropped. */
function checkedDescriptions(descriptions: Readonly<Record<string, string>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [locale, text] of Object.entries(descriptions)) {
    if (!/^[a-z]{2,3}$/.test(locale)) throw new AdminInputError(`not a language code: '${locale}' (e.g. it)`);
    if (text.trim() !== '') kept[locale] = text;
  }
  return kept;
}

/** The scopes clients may be granted: one service under the CLI and the admin API. */
export class Scopes {
  constructor(
    private readonly storage: Storage,
    private readonly now: () => number,
    private readonly auditor: Auditor,
  ) {}

  /** Every scope, with the identifier of the registered API it is for (`api`; none: the built-in API's). */
  async list(): Promise<(ScopeRecord & { api?: string })[]> {
    const [scopes, apis] = await Promise.all([this.storage.scopes.list(), this.storage.apis.list()]);
    const identifiers = new Map(apis.map((api) => [api.id, api.identifier]));
    return scopes.map((scope) => {
      const api = scope.apiId === null ? undefined : identifiers.get(scope.apiId);
      return api === undefined ? scope : { ...scope, api };
    });
  }

  async create(name: string, description: string, descriptions: Readonly<Record<string, string>> = {}, actor: AdminActor = cliActor): Promise<ScopeRecord> {
    if (!scopeToken.test(name)) throw new AdminInputError(`invalid scope name '${name}': only printable ASCII without spaces, '"' or '\\' (RFC 6749 §3.3)`);
    if (name.length > maxScopeLength) throw new AdminInputError(`scope name must be at most ${maxScopeLength} characters`);
    if (name === adminScope) throw new AdminInputError(`'${adminScope}' is reserved for the admin API (clients registered as admin)`);
    const scope = { name, description, descriptions: checkedDescriptions(descriptions), apiId: null, createdAt: this.now() };
    try {
      await this.storage.scopes.insert(scope);
    } catch (error) {
      if (isUniqueViolation(error)) throw new AdminConflictError(`scope already exists: ${name}`);
      throw error;
    }
    await recordAdminChange(this.auditor, { event: 'scope.created', outcome: 'success', detail: { scope: name } }, actor);
    return scope;
  }

  /**
   * Changes the descriptions users see on the consent and account pages: the default one, and per
   * locale ones merged into those there are (an empty text removes a locale's).
   */
  async update(name: string, changes: { description?: string; descriptions?: Readonly<Record<string, string>> }, actor: AdminActor = cliActor): Promise<ScopeRecord> {
    const current = (await this.storage.scopes.list()).find((scope) => scope.name === name);
    if (!current) throw new AdminNotFoundError(`no such scope: ${name}`);
    const descriptions = changes.descriptions ? checkedDescriptions({ ...current.descriptions, ...changes.descriptions }) : undefined;
    const columns = { ...(changes.description !== undefined ? { description: changes.description } : {}), ...(descriptions ? { descriptions } : {}) };
    if (!(await this.storage.scopes.updateDescription(name, columns))) throw new AdminNotFoundError(`no such scope: ${name}`);
    await recordAdminChange(this.auditor, { event: 'scope.updated', outcome: 'success', detail: { scope: name } }, actor);
    return (await this.storage.scopes.list()).find((scope) => scope.name === name) as ScopeRecord;
  }

  /**
   * Deletes a scope. While a client may ask for it the deletion is refused, unless `force`, which first
   * removes it from those clients. Tokens already issued with the scope keep it until they expire.
   */
  async delete(name: string, options: { force?: boolean } = {}, actor: AdminActor = cliActor): Promise<{ clientsChanged: string[] }> {
    if (!(await this.storage.scopes.list()).some((scope) => scope.name === name)) throw new AdminNotFoundError(`no such scope: ${name}`);
    const users = (await this.storage.clients.list()).filter((client) => client.scopes.includes(name));
    if (users.length > 0 && !options.force) {
      throw new AdminConflictError(`scope ${name} is registered for ${users.length} client(s) (${users.map((c) => c.clientId).join(', ')}): --force removes it from them`);
    }
    const now = this.now();
    for (const client of users) {
      const { clientId, clientSecretHash: _secret, previousSecretHash: _previous, previousSecretExpiresAt: _until, createdAt: _created, updatedAt: _updated, ...registration } = client;
      await this.storage.clients.updateRegistration(clientId, { ...registration, scopes: client.scopes.filter((scope) => scope !== name) }, now);
    }
    await this.storage.scopes.delete(name);
    const clientsChanged = users.map((client) => client.clientId);
    await recordAdminChange(this.auditor, { event: 'scope.deleted', outcome: 'success', detail: { scope: name, clients_changed: clientsChanged } }, actor);
    return { clientsChanged };
  }
}
