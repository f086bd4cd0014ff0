import { randomId } from '../crypto/random.js';
import type { ExchangePolicyRecord } from '../domain/records.js';
import type { Storage } from '../store/index.js';
import { type AdminActor, type Auditor, cliActor, recordAdminChange } from './audit.js';
import { AdminInputError, AdminNotFoundError } from './admin-errors.js';

const tokenExchange = 'urn:ietf:params:oauth:grant-type:token-exchange';
const maxChainDepth = 5;

/** What an administrator gives to allow an exchange. */
export type NewExchangePolicy = Omit<ExchangePolicyRecord, 'id' | 'createdAt'>;

/** Token-exchange policies (issue 12 §2): one service under the CLI. No policy, no exchange. */
export class ExchangePolicies {
  constructor(
    private readonly deps: {
      storage: Storage;
      now: () => number;
      auditor: Auditor;
      /** The built-in API's identifier (`LATCHKEY_AUDIENCE`), a target like any registered API. */
      builtInApi: string;
    },
  ) {}

  list(): Promise<ExchangePolicyRecord[]> {
    return this.deps.storage.exchangePolicies.list();
  }

  async create(input: NewExchangePolicy, actor: AdminActor = cliActor): Promise<ExchangePolicyRecord> {
    const { storage } = this.deps;
    const client = await storage.clients.findById(input.clientId);
    if (!client) throw new AdminNotFoundError(`no such client: ${input.clientId}`);
    if (client.tokenEndpointAuthMethod === 'none' || !client.grantTypes.includes(tokenExchange)) {
      throw new AdminInputError(`client ${input.clientId} must be confidential and registered for token exchange (clients update ${input.clientId} --grant ${tokenExchange})`);
    }
    if (input.subjectClientId !== null && !(await storage.clients.findById(input.subjectClientId))) throw new AdminNotFoundError(`no such client: ${input.subjectClientId}`);
    const [apis, scopes] = await Promise.all([storage.apis.list(), storage.scopes.list()]);
    const api = apis.find((candidate) => candidate.identifier === input.resource);
    if (!api && input.resource !== this.deps.builtInApi) throw new AdminNotFoundError(`no such API: ${input.resource} (latchkey apis list)`);
    const maxScopes = [...new Set(input.maxScopes)];
    if (maxScopes.length === 0) throw new AdminInputError('--max-scope names at least one scope');
    for (const name of maxScopes) {
      const scope = scopes.find((candidate) => candidate.name === name);
      if (!scope || scope.apiId !== (api?.id ?? null)) throw new AdminInputError(`scope ${name} is not a scope of ${input.resource}`);
    }
    if (!Number.isInteger(input.maxDepth) || input.maxDepth < 0 || input.maxDepth > maxChainDepth) throw new AdminInputError(`--max-depth must be 0 to ${maxChainDepth}`);
    if (input.mode === 'delegation' && input.maxDepth < 1) throw new AdminInputError('a delegation adds an actor: --max-depth must be at least 1');
    const policy: ExchangePolicyRecord = { ...input, maxScopes, id: randomId(), createdAt: this.deps.now() };
    await storage.exchangePolicies.insert(policy);
    await recordAdminChange(this.deps.auditor, { event: 'exchange_policy.created', outcome: 'success', clientId: policy.clientId, detail: { policy: policy.id, resource: policy.resource, mode: policy.mode } }, actor);
    return policy;
  }

  async delete(id: string, actor: AdminActor = cliActor): Promise<void> {
    if (!(await this.deps.storage.exchangePolicies.delete(id))) throw new AdminNotFoundError(`no such exchange policy: ${id}`);
    await recordAdminChange(this.deps.auditor, { event: 'exchange_policy.deleted', outcome: 'success', detail: { policy: id } }, actor);
  }
}
