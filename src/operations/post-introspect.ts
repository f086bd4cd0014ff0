import type { Answer, Operation } from '../http/operation.js';
import { presentedClientOf } from '../oauth/presented-client.js';
import { invalidClient } from '../oauth/errors.js';
import type { Auditor } from '../services/audit.js';
import { authenticateClient } from '../services/authenticate-client.js';
import type { IntrospectionResult } from '../services/introspection.js';
import type { ClientRecord } from '../domain/records.js';
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
    async handle(request): Answer<'postIntrospect'> {
      const { body, meta } = request;
      const presented = presentedClientOf(request);
      if (presented.method === 'none') throw invalidClient('Introspection requires client authentication.');
      const client = await authenticateClient(presented, deps, meta);
      return { status: 200, body: await deps.introspect(body.token, client) };
    },
  };
}
