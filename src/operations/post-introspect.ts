import type { Answer, Operation } from '../http/operation.js';
import { presentedClient } from '../oauth/client-authentication.js';
import { invalidClient } from '../oauth/errors.js';
import type { Auditor } from '../services/audit.js';
import { authenticateClient } from '../services/client-authenticator.js';
import type { IntrospectionResult } from '../services/introspection.js';
import type { ClientRecord } from '../store/records.js';
import type { ClientStore } from '../store/clients.js';

/** POST /introspect (RFC 7662 §2): only authenticated (confidential) clients may ask (§2.1). */
export function postIntrospect(deps: {
  introspect(token: string, client: ClientRecord): Promise<IntrospectionResult>;
  clients: ClientStore;
  auditor: Auditor;
  now: () => number;
}): Operation<'postIntrospect'> {
  return {
    rateLimit: 'client',
    async handle({ body, headers, meta }): Answer<'postIntrospect'> {
      const presented = presentedClient(headers.authorization, body);
      if (presented.method === 'none') throw invalidClient('Introspection requires client authentication.');
      const client = await authenticateClient(presented, deps, meta);
      return { status: 200, body: await deps.introspect(body.token, client) };
    },
  };
}
