import type { AdminClientUpdate } from '../../generated/types.gen.js';
import type { TokenEndpointAuthMethod } from '../domain/records.js';
import type { Answer, Operation } from '../http/operation.js';
import { clientView, clientWithSecretView } from '../services/admin-views.js';
import type { Clients, NewClient } from '../services/clients.js';
import { actorOf, adminBearer } from './admin-actor.js';

/** The API's field names (RFC 7591 §2) as the service's input; absent fields stay absent. */
function registrationOf(body: AdminClientUpdate): Partial<NewClient> {
  const entries: [keyof NewClient, unknown][] = [
    ['clientName', body.client_name],
    ['grantTypes', body.grant_types],
    ['scopes', body.scope?.split(' ').filter(Boolean)],
    ['redirectUris', body.redirect_uris],
    ['postLogoutRedirectUris', body.post_logout_redirect_uris],
    ['allowedOrigins', body.allowed_origins],
    ['clientUri', body.client_uri],
    ['tokenEndpointAuthMethod', body.token_endpoint_auth_method as TokenEndpointAuthMethod | undefined],
    ['firstParty', body.first_party],
    ['resourceServer', body.resource_server],
    ['admin', body.admin],
    ['requireMfa', body.require_mfa],
    ['defaultResource', body.default_resource],
    ['pkceOptional', body.pkce_required === undefined ? undefined : !body.pkce_required],
    ['idTokenSignedResponseAlg', body.id_token_signed_response_alg],
  ];
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined)) as Partial<NewClient>;
}

/** GET /admin/clients. */
export function listAdminClients(deps: { clients: Clients }): Operation<'listAdminClients'> {
  return {
    ...adminBearer,
    async handle(): Answer<'listAdminClients'> {
      return { status: 200, body: (await deps.clients.list()).map(clientView) };
    },
  };
}

/** POST /admin/clients: the rules of `clients create`; the secret is in this answer only. */
export function createAdminClient(deps: { clients: Clients }): Operation<'createAdminClient'> {
  return {
    ...adminBearer,
    async handle(request): Answer<'createAdminClient'> {
      const input = { scopes: [], ...registrationOf(request.body) } as NewClient;
      const { client, clientSecret } = await deps.clients.create(input, actorOf(request));
      return { status: 201, body: clientWithSecretView(client, clientSecret) };
    },
  };
}

/** GET /admin/clients/{client_id}: never a secret. */
export function getAdminClient(deps: { clients: Clients }): Operation<'getAdminClient'> {
  return {
    ...adminBearer,
    async handle({ path }): Answer<'getAdminClient'> {
      return { status: 200, body: clientView(await deps.clients.require(path.client_id ?? '')) };
    },
  };
}

/** PATCH /admin/clients/{client_id}: the rules of `clients update`. */
export function updateAdminClient(deps: { clients: Clients }): Operation<'updateAdminClient'> {
  return {
    ...adminBearer,
    async handle(request): Answer<'updateAdminClient'> {
      const client = await deps.clients.update(request.path.client_id ?? '', registrationOf(request.body), actorOf(request));
      return { status: 200, body: clientView(client) };
    },
  };
}

/** DELETE /admin/clients/{client_id}: its tokens stop working at once. */
export function deleteAdminClient(deps: { clients: Clients }): Operation<'deleteAdminClient'> {
  return {
    ...adminBearer,
    async handle(request): Answer<'deleteAdminClient'> {
      await deps.clients.delete(request.path.client_id ?? '', actorOf(request));
      return { status: 204 };
    },
  };
}

/** POST /admin/clients/{client_id}/secret: the new secret, this once. */
export function rotateAdminClientSecret(deps: { clients: Clients }): Operation<'rotateAdminClientSecret'> {
  return {
    ...adminBearer,
    async handle(request): Answer<'rotateAdminClientSecret'> {
      const { client, clientSecret } = await deps.clients.rotateSecret(request.path.client_id ?? '', request.body.keep_old_for_s ?? 0, actorOf(request));
      return { status: 200, body: clientWithSecretView(client, clientSecret, true) };
    },
  };
}
