import type { Answer, Operation } from '../http/operation.js';
import { presentedClient } from '../oauth/client-authentication.js';
import type { Auditor, RequestMeta } from '../services/audit.js';
import { authenticateClient } from '../services/client-authenticator.js';
import type { ClientRecord } from '../store/records.js';
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
    async handle({ body, headers, meta }): Answer<'postRevoke'> {
      const client = await authenticateClient(presentedClient(headers.authorization, body), deps, meta);
      await deps.revokeToken(body.token, client, meta);
      return { status: 200 };
    },
  };
}
