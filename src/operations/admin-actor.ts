import type { OperationRequest } from '../http/operation.js';
import { adminScope } from '../oauth/scopes.js';
import type { AdminActor } from '../services/audit.js';

/**
 * The steps of every admin operation (issue 13 §4): a token of the admin audience with the `admin` scope,
 * verified by the one revocation-aware verifier, and the per-address request limit.
 */
export const adminBearer = { bearer: { scopes: [adminScope], audience: 'admin' }, rateLimit: 'address' } as const;

/** The admin client whose token made the request, for the audit trail. */
export function actorOf(request: Pick<OperationRequest, 'accessToken' | 'meta'>): AdminActor {
  if (!request.accessToken) throw new Error('admin operation without a verified token');
  return { clientId: request.accessToken.clientId, meta: request.meta };
}
