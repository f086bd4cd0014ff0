// The oidc-provider peer: in-memory adapter, one confidential client, client_credentials with
// ES256 JWT access tokens (RFC 9068 format through the resource indicators feature), and
// introspection. oidc-provider refuses to introspect JWT ("structured") tokens, so a second
// resource server issues opaque tokens for the introspection scenario.
//
// Authorization-code redemption: a second confidential client (authorization_code only, no
// refresh token, PKCE S256, ID tokens RS256 as oidc-provider defaults). Its codes are minted
// without a browser, through the models API (a Grant and an AuthorizationCode per code, as the
// authorization endpoint would save them), when the parent asks over IPC ("mintCodes"). The
// bundled memory adapter is an LRU of 1,000-2,000 entries, which would evict a pre-minted pool,
// so codes and grants live in an unbounded Map; every other model keeps the bundled adapter.
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import { answerRequests, listenAndAnnounce, stopOnSignal } from './child-ipc.js';

const jwtResource = 'https://api.bench.invalid/jwt';
const opaqueResource = 'urn:bench:opaque';
const accountId = 'bench-user';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

interface Entry {
  payload: Record<string, unknown>;
  expiresAt: number;
}

/** An unbounded in-memory adapter (oidc-provider's adapter interface) for the pre-minted codes and their grants. */
class MapAdapter {
  constructor(private readonly store: Map<string, Entry>) {}

  async upsert(id: string, payload: Record<string, unknown>, expiresIn: number | undefined): Promise<void> {
    this.store.set(id, { payload, expiresAt: typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Infinity });
  }

  async find(id: string): Promise<Record<string, unknown> | undefined> {
    const entry = this.store.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.store.delete(id);
      return undefined;
    }
    return entry.payload;
  }

  async consume(id: string): Promise<void> {
    const entry = this.store.get(id);
    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.store.delete(id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [id, entry] of this.store) if (entry.payload.grantId === grantId) this.store.delete(id);
  }

  async findByUid(): Promise<undefined> {
    return undefined;
  }

  async findByUserCode(): Promise<undefined> {
    return undefined;
  }
}

export interface MintCodesParams {
  count: number;
  scope: string;
  redirectUri: string;
  codeChallenge: string;
}

async function main(): Promise<void> {
  const port = Number(required('BENCH_PORT'));
  const clientId = required('BENCH_CLIENT_ID');
  const clientSecret = required('BENCH_CLIENT_SECRET');
  const codeClientId = required('BENCH_CODE_CLIENT_ID');
  const codeClientSecret = required('BENCH_CODE_CLIENT_SECRET');
  const redirectUri = required('BENCH_REDIRECT_URI');
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'bench-es256', alg: 'ES256', use: 'sig' };
  // RSA 2048, as Latchkey's ID-token key; oidc-provider signs ID tokens RS256 unless the client says otherwise.
  const { privateKey: rsaKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const idTokenKey = { ...(await exportJWK(rsaKey)), kid: 'bench-rs256', alg: 'RS256', use: 'sig' };

  const { default: Provider } = await import('oidc-provider');
  const { createMemoryAdapter } = await import('oidc-provider/lib/adapters/memory_adapter.js');
  const bundled = createMemoryAdapter(0);
  const pools = { AuthorizationCode: new Map<string, Entry>(), Grant: new Map<string, Entry>() };
  const adapter = (model: string): unknown => (model === 'AuthorizationCode' || model === 'Grant' ? new MapAdapter(pools[model]) : bundled(model));

  const provider = new Provider(`http://127.0.0.1:${port}`, {
    adapter,
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
        scope: 'read write',
        id_token_signed_response_alg: 'ES256', // never used: this client gets no ID tokens
      },
      {
        client_id: codeClientId,
        client_secret: codeClientSecret,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: 'client_secret_basic',
        scope: 'openid read write',
        // id_token_signed_response_alg: RS256, the default
      },
    ],
    // In memory, like everything else here: the subject is the only claim.
    findAccount: async (_ctx: unknown, sub: string) => ({ accountId: sub, claims: async () => ({ sub }) }),
    scopes: ['openid', 'offline_access', 'read', 'write'],
    jwks: { keys: [signingKey, idTokenKey] },
    cookies: { keys: ['bench-cookie-key-not-secret'] },
    ttl: { ClientCredentials: 900, AccessToken: 900, AuthorizationCode: 600, Grant: 3600, IdToken: 3600 },
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

  answerRequests({
    /**
     * A fresh pool of codes for the code client (the previous pool's leftovers are dropped): what
     * the authorization endpoint saves after consent, i.e. a Grant (openid scope if asked, the
     * resource scopes for the JWT resource) and a code bound to it, the redirect URI and the S256 challenge.
     */
    async mintCodes(raw: unknown): Promise<string[]> {
      const params = raw as MintCodesParams;
      pools.AuthorizationCode.clear();
      pools.Grant.clear();
      const scopes = params.scope.split(' ');
      const resourceScope = scopes.filter((s) => s !== 'openid').join(' ');
      const authTime = Math.floor(Date.now() / 1000);
      const codes: string[] = [];
      for (let i = 0; i < params.count; i++) {
        const grant = new provider.Grant({ accountId, clientId: codeClientId });
        if (scopes.includes('openid')) grant.addOIDCScope('openid');
        grant.addResourceScope(jwtResource, resourceScope);
        const grantId = await grant.save();
        const code = new provider.AuthorizationCode({
          accountId,
          clientId: codeClientId,
          grantId,
          redirectUri: params.redirectUri,
          scope: params.scope,
          resource: jwtResource,
          codeChallenge: params.codeChallenge,
          codeChallengeMethod: 'S256',
          authTime,
        });
        codes.push(await code.save());
      }
      return codes;
    },
  });

  const server = createServer(provider.callback());
  stopOnSignal(server);
  await listenAndAnnounce(server, port, { issuer: `http://127.0.0.1:${port}`, jwtResource, opaqueResource });
}

main().catch((error: unknown) => {
  process.stderr.write(`oidc-provider-server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
