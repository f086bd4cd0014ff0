import type { AuthorizationServerMetadata } from '../../generated/types.gen.js';
import type { OperationDefinition } from '../http/operation.js';
import type { ScopeStore } from '../store/scopes.js';

/** GET /.well-known/oauth-authorization-server (RFC 8414 §3): only what works is advertised. */
export function getAuthorizationServerMetadata(deps: {
  issuer: string;
  grantTypes: readonly string[];
  scopes: ScopeStore;
  maxAgeS: number;
}): OperationDefinition<never, AuthorizationServerMetadata> {
  return {
    async handle() {
      const scopes = await deps.scopes.list();
      const secretMethods = ['client_secret_basic', 'client_secret_post'];
      return {
        status: 200,
        headers: { 'Cache-Control': `public, max-age=${deps.maxAgeS}`, Pragma: '' },
        body: {
          issuer: deps.issuer,
          token_endpoint: `${deps.issuer}/token`,
          jwks_uri: `${deps.issuer}/jwks.json`,
          revocation_endpoint: `${deps.issuer}/revoke`,
          introspection_endpoint: `${deps.issuer}/introspect`,
          scopes_supported: scopes.map((s) => s.name),
          response_types_supported: [],
          grant_types_supported: [...deps.grantTypes],
          token_endpoint_auth_methods_supported: [...secretMethods, 'none'],
          revocation_endpoint_auth_methods_supported: [...secretMethods, 'none'],
          introspection_endpoint_auth_methods_supported: secretMethods,
          service_documentation: `${deps.issuer}/docs`,
        },
      };
    },
  };
}
