import type { Answer, Operation } from '../http/operation.js';
import type { ScopeStore } from '../store/scopes.js';
import { supportedLocales } from '../interaction/i18n/index.js';
import { acrValuesSupported } from '../oauth/authentication-levels.js';

/** The claims userinfo and ID tokens can carry (OIDC Core §5.1, §2). */
const claimsSupported = ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'at_hash', 'acr', 'amr', 'azp', 'name', 'preferred_username', 'updated_at', 'email', 'email_verified'];

/**
 * GET /.well-known/oauth-authorization-server (RFC 8414 §3) and
 * /.well-known/openid-configuration (OIDC Discovery §4): the same document,
 * listing only what works.
 */
export function getAuthorizationServerMetadata(deps: {
  issuer: string;
  grantTypes: readonly string[];
  scopes: ScopeStore;
  maxAgeS: number;
  /** Where Swagger UI is served; absent when LATCHKEY_DOCS is off (the metadata lists no URL that 404s). */
  serviceDocumentation?: string;
}): Operation<'getAuthorizationServerMetadata' | 'getOpenidConfiguration'> {
  return {
    cors: 'any-origin',
    async handle(): Answer<'getAuthorizationServerMetadata' | 'getOpenidConfiguration'> {
      const scopes = await deps.scopes.list();
      const secretMethods = ['client_secret_basic', 'client_secret_post'];
      const { issuer } = deps;
      return {
        status: 200,
        headers: { 'Cache-Control': `public, max-age=${deps.maxAgeS}`, Pragma: '' },
        body: {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          userinfo_endpoint: `${issuer}/userinfo`,
          jwks_uri: `${issuer}/jwks.json`,
          end_session_endpoint: `${issuer}/logout`,
          revocation_endpoint: `${issuer}/revoke`,
          introspection_endpoint: `${issuer}/introspect`,
          scopes_supported: scopes.map((s) => s.name),
          // The implicit response types work only for clients registered for them (RFC 9700 §2.1.2 discourages them).
          response_types_supported: ['code', 'token', 'id_token token'],
          response_modes_supported: ['query', 'fragment', 'form_post'],
          grant_types_supported: [...deps.grantTypes, 'implicit'],
          code_challenge_methods_supported: ['S256'],
          id_token_signing_alg_values_supported: ['RS256', 'ES256'],
          subject_types_supported: ['public'],
          claims_supported: claimsSupported,
          acr_values_supported: [...acrValuesSupported],
          token_endpoint_auth_methods_supported: [...secretMethods, 'none'],
          revocation_endpoint_auth_methods_supported: [...secretMethods, 'none'],
          introspection_endpoint_auth_methods_supported: secretMethods,
          authorization_response_iss_parameter_supported: true,
          ui_locales_supported: [...supportedLocales],
          ...(deps.serviceDocumentation ? { service_documentation: deps.serviceDocumentation } : {}),
        },
      };
    },
  };
}
