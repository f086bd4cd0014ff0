import type { Answer, Operation } from '../http/operation.js';
import { AdminInputError } from '../services/admin-errors.js';
import { auditView, keyView } from '../services/admin-views.js';
import type { AuditTrail } from '../services/audit-trail.js';
import type { SigningKeys } from '../services/key-rotation.js';
import { actorOf, adminBearer } from './admin-actor.js';

/** GET /admin/audit-events: the filters and paging of `audit list`, newest first. */
export function listAdminAuditEvents(deps: { auditTrail: AuditTrail }): Operation<'listAdminAuditEvents'> {
  return {
    ...adminBearer,
    async handle({ query }): Answer<'listAdminAuditEvents'> {
      const since = query.since === undefined ? undefined : Date.parse(query.since);
      if (since !== undefined && Number.isNaN(since)) throw new AdminInputError(`since must be a date-time (RFC 3339), got '${query.since}'`);
      const events = await deps.auditTrail.list({
        ...(since !== undefined ? { since } : {}),
        ...(query.event !== undefined ? { event: query.event } : {}),
        ...(query.client_id !== undefined ? { clientId: query.client_id } : {}),
        ...(query.user !== undefined ? { username: query.user } : {}),
        ...(query.limit !== undefined ? { limit: query.limit } : {}),
        ...(query.before !== undefined ? { beforeId: query.before } : {}),
      });
      return { status: 200, body: events.map(auditView) };
    },
  };
}

/** GET /admin/keys: public facts and state, never key material. */
export function listAdminKeys(deps: { signingKeys: SigningKeys }): Operation<'listAdminKeys'> {
  return {
    ...adminBearer,
    async handle(): Answer<'listAdminKeys'> {
      return { status: 200, body: (await deps.signingKeys.list()).map(keyView) };
    },
  };
}

/** POST /admin/keys: the next key of `alg` (default every algorithm), as `keys rotate`. */
export function rotateAdminKeys(deps: { signingKeys: SigningKeys }): Operation<'rotateAdminKeys'> {
  return {
    ...adminBearer,
    async handle(request): Answer<'rotateAdminKeys'> {
      return { status: 201, body: (await deps.signingKeys.rotate(request.body.alg, actorOf(request))).map(keyView) };
    },
  };
}
