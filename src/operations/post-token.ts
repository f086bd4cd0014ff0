import type { TokenGrant } from '../grants/index.js';
import type { Answer, Operation } from '../http/operation.js';
import { presentedClientOf } from '../oauth/presented-client.js';
import { invalidRequest, quoteInput, unauthorizedClient, unsupportedGrantType } from '../oauth/errors.js';
import type { Auditor } from '../services/audit.js';
import { authenticateClient } from '../services/authenticate-client.js';
import type { ClientStore } from '../store/clients.js';

/** POST /token (RFC 6749 §3.2): check the grant type, authenticate the client, check it may use the grant, dispatch. */
export function postToken(deps: {
  grants: ReadonlyMap<string, TokenGrant>;
  clients: ClientStore;
  auditor: Auditor;
  now: () => number;
}): Operation<'postToken'> {
  return {
    cors: 'registered-origins',
    rateLimit: 'client',
    async handle(request): Answer<'postToken'> {
      const { body, meta } = request;
      if (!body.grant_type) throw invalidRequest('The grant_type parameter is required.');
      const grant = deps.grants.get(body.grant_type);
      if (!grant) throw unsupportedGrantType(`Unsupported grant_type: ${quoteInput(body.grant_type)}.`);
      const client = await authenticateClient(presentedClientOf(request), deps, meta);
      // RFC 6749 §5.2 unauthorized_client: "not authorized to use this authorization grant type".
      if (!client.grantTypes.includes(grant.grantType)) throw unauthorizedClient(`The client is not registered for ${grant.grantType}.`);
      const result = await grant.handle(body, client, meta);
      return { status: 200, body: result };
    },
  };
}
