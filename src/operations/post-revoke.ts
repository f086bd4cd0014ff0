import type { Answer, Operation } from '../http/operation.js';
import { presentedClientOf } from '../oauth/presented-client.js';
import type { Auditor, RequestMeta } from '../services/audit.js';
import { authenticateClient } from '../services/authenticate-client.js';
import type { ClientRecord } from '../domain/records.js';
import type { ClientStore } from '../store/clients.js';

/** POST /revoke (RFC 7009 §2): confidential clients authenticate, public clients name themselves (§2.1). */
export function postRevoke(deps: {
  revokeToken(token: string, client: ClientRecord, meta: RequestMeta): Promise<void>;
  clients: ClientStore;
  auditor: Auditor;
  now: () => number;
}): Operation<'postRevoke'> {
  return {
    cors: 'registered-origins',
    rateLimit: 'client',
    async handle(request): Answer<'postRevoke'> {
      const { body, meta } = request;
      const client = await authenticateClient(presentedClientOf(request), deps, meta);
      await deps.revokeToken(body.token, client, meta);
      return { status: 200 };
    },
  };
}
