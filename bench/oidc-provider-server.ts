// The oidc-provider peer: in-memory adapter, one confidential client, client_credentials with
// ES256 JWT access tokens (RFC 9068 format through the resource indicators feature), and
// introspection. oidc-provider refuses to introspect JWT ("structured") tokens, so a second
// resource server issues opaque tokens for the introspection scenario.
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import { listenAndAnnounce, stopOnSignal } from './child-ipc.js';

const jwtResource = 'https://api.bench.invalid/jwt';
const opaqueResource = 'urn:bench:opaque';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

async function main(): Promise<void> {
  const port = Number(required('BENCH_PORT'));
  const clientId = required('BENCH_CLIENT_ID');
  const clientSecret = required('BENCH_CLIENT_SECRET');
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'bench-es256', alg: 'ES256', use: 'sig' };

  const { default: Provider } = await import('oidc-provider');
  const provider = new Provider(`http://127.0.0.1:${port}`, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
        scope: 'read write',
        id_token_signed_response_alg: 'ES256', // the only key is ES256; the default (RS256) is refused
      },
    ],
    scopes: ['openid', 'offline_access', 'read', 'write'],
    jwks: { keys: [signingKey] },
    cookies: { keys: ['bench-cookie-key-not-secret'] },
    ttl: { ClientCredentials: 900, AccessToken: 900 },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => jwtResource,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, resourceIndicator: string) => {
          if (resourceIndicator === opaqueResource) return { scope: 'read write', accessTokenFormat: 'opaque' };
          return { scope: 'read write', accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } };
        },
      },
    },
  });
  // Errors are answered to the client; do not let a stack trace per request reach the console.
  provider.on('server_error', (_ctx, error) => process.stderr.write(`oidc-provider server_error: ${String(error)}\n`));
  const server = createServer(provider.callback());
  stopOnSignal(server);
  await listenAndAnnounce(server, port, { issuer: `http://127.0.0.1:${port}`, jwtResource, opaqueResource });
}

main().catch((error: unknown) => {
  process.stderr.write(`oidc-provider-server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
