import type { Answer, Operation } from '../http/operation.js';
import { scopeView } from '../services/admin-views.js';
import type { Scopes } from '../services/scopes.js';
import { actorOf, adminBearer } from './admin-actor.js';

/** GET /admin/scopes. */
export function listAdminScopes(deps: { scopes: Scopes }): Operation<'listAdminScopes'> {
  return {
    ...adminBearer,
    async handle(): Answer<'listAdminScopes'> {
      return { status: 200, body: (await deps.scopes.list()).map(scopeView) };
    },
  };
}

/** POST /admin/scopes: the rules of `scopes create` (RFC 6749 §3.3 scope-token; `admin` reserved). */
export function createAdminScope(deps: { scopes: Scopes }): Operation<'createAdminScope'> {
  return {
    ...adminBearer,
    async handle(request): Answer<'createAdminScope'> {
      const scope = await deps.scopes.create(request.body.name, request.body.description ?? '', request.body.descriptions ?? {}, actorOf(request));
      return { status: 201, body: scopeView(scope) };
    },
  };
}

/** PATCH /admin/scopes/{name}: the descriptions users see, the default one and per language (the rules of `scopes update`). */
export function updateAdminScope(deps: { scopes: Scopes }): Operation<'updateAdminScope'> {
  return {
    ...adminBearer,
    async handle(request): Answer<'updateAdminScope'> {
      const { description, descriptions } = request.body;
      const changes = { ...(description !== undefined ? { description } : {}), ...(descriptions !== undefined ? { descriptions } : {}) };
      return { status: 200, body: scopeView(await deps.scopes.update(request.path.name ?? '', changes, actorOf(request))) };
    },
  };
}

/** DELETE /admin/scopes/{name}[?force=true]: refused (409) while clients are registered for it, unless forced. */
export function deleteAdminScope(deps: { scopes: Scopes }): Operation<'deleteAdminScope'> {
  return {
    ...adminBearer,
    async handle(request): Answer<'deleteAdminScope'> {
      const name = request.path.name ?? '';
      const { clientsChanged } = await deps.scopes.delete(name, { force: request.query.force === true }, actorOf(request));
      return { status: 200, body: { name, deleted: true, clients_changed: clientsChanged } };
    },
  };
}
