import { isIP } from 'node:net';
import { extname } from 'node:path';
import { booleanSetting, ConfigError, enumSetting, integerSetting, type Setting, urlSetting } from './settings.js';
import { isLoopbackHost } from '../resource-server/loopback.js';

type Env = Readonly<Record<string, string | undefined>>;

const nodeEnv = (env: Env): string => env.NODE_ENV || 'development';

/** Express `trust proxy`: never (false), always (true), a hop count, or addresses and subnets. */
export type TrustProxy = boolean | number | readonly string[];

const proxyNames = ['loopback', 'linklocal', 'uniquelocal'];

function isProxyAddress(entry: string): boolean {
  if (proxyNames.includes(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length) return false;
  if (bits === undefined) return true;
  if (family === 4 && isIP(bits) === 4) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = (raw ?? '').trim();
  if (['', 'off', 'false', 'no', '0'].includes(value.toLowerCase())) return false;
  if (['on', 'true', 'yes'].includes(value.toLowerCase())) return true;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((e) => e.trim());
  const bad = entries.find((e) => !isProxyAddress(e));
  if (bad !== undefined) throw new ConfigError('LATCHKEY_TRUST_PROXY', `not an address, subnet or hop count: "${bad}"`);
  return entries;
}

/** Image types the logo may have, by file extension. */
export const logoTypes: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
};

function parseBrandName(raw: string | undefined): string {
  const value = (raw ?? '').trim();
  if (value === '') return 'Latchkey';
  if (/\p{Cc}/u.test(value) || [...value].length > 60) throw new ConfigError('LATCHKEY_BRAND_NAME', 'must be at most 60 characters, without control characters');
  return value;
}

function parseLogoPath(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!logoTypes[extname(raw).toLowerCase()]) throw new ConfigError('LATCHKEY_BRAND_LOGO', `must be a ${Object.keys(logoTypes).join(', ')} file, got "${raw}"`);
  return raw;
}

function parseAccent(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(raw);
  if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`.toLowerCase();
  if (/^#[0-9a-f]{6}$/i.test(raw)) return raw.toLowerCase();
  throw new ConfigError('LATCHKEY_BRAND_ACCENT', `must be a colour as #rrggbb or #rgb, got "${raw}"`);
}

/** A link the pages show: https, or http to a loopback host (development). */
function pageLinkSetting(name: string, description: string): Setting<string | undefined> {
  return {
    name,
    description,
    defaultText: '(unset)',
    parse(raw) {
      if (raw === undefined || raw === '') return undefined;
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        throw new ConfigError(name, `is not a URL: "${raw}"`);
      }
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
        throw new ConfigError(name, 'must be https (http only on a loopback host)');
      }
      return url.toString();
    },
  };
}

/** Every setting Latchkey reads, with its documentation. The table in docs/configuration.md is generated from this list (`npm run docs`). */
export const settings = {
  nodeEnv: enumSetting('NODE_ENV', 'Run mode. `production` enforces an explicit https issuer, a KEK and no demo data.', ['development', 'test', 'production'] as const, 'development'),
  port: integerSetting('PORT', 'TCP port to listen on (0 picks a free one).', 3000, 0, 65535),
  databaseUrl: {
    ...urlSetting(
      'DATABASE_URL',
      'Database: `sqlite:PATH` (embedded, the default), `mysql://user:pass@host:port/db` (MySQL or MariaDB) or `postgres://user:pass@host:port/db` (PostgreSQL; `postgresql://` too).',
      'sqlite:$LATCHKEY_DATA_DIR/latchkey.sqlite',
      (env) => `sqlite:${env.LATCHKEY_DATA_DIR || './data'}/latchkey.sqlite`,
      ['sqlite:', 'mysql:', 'postgres:', 'postgresql:'],
    ),
    secret: true,
  },
  redisUrl: urlSetting('REDIS_URL', 'Redis for rate limits shared by several processes (`redis://` or `rediss://`). Unset: each process counts in memory. If Redis is unreachable, limits fall back to memory and the server keeps serving.', '(unset)', () => undefined, ['redis:', 'rediss:']),
  issuer: urlSetting(
    'LATCHKEY_ISSUER',
    'Issuer identifier (RFC 8414 §2): the `iss` of every token and the base of every endpoint URL. Required in production, and https there unless loopback.',
    'http://localhost:$PORT',
    (env) => `http://localhost:${env.PORT || '3000'}`,
    ['http:', 'https:'],
  ),
  audience: {
    name: 'LATCHKEY_AUDIENCE',
    description: 'The `aud` of access tokens (RFC 9068 §2.2) and the audience the example endpoints accept.',
    defaultText: '(the issuer)',
    parse: (raw: string | undefined) => (raw === undefined || raw === '' ? undefined : raw),
  } satisfies Setting<string | undefined>,
  adminAudience: {
    name: 'LATCHKEY_ADMIN_AUDIENCE',
    description: 'The `aud` of access tokens with the `admin` scope, the only audience the admin API (`/admin/...`) accepts. It must differ from `LATCHKEY_AUDIENCE`, so no other API accepts an admin token and the admin API accepts no other token.',
    defaultText: '(the issuer + `/admin`)',
    parse: (raw: string | undefined) => (raw === undefined || raw === '' ? undefined : raw),
  } satisfies Setting<string | undefined>,
  kek: {
    name: 'LATCHKEY_KEK',
    description: 'Key-encryption key for the signing keys, TOTP secrets and the recovery codes\' secret at rest: 32 bytes, base64 or base64url. Required in production; in development one is generated into `LATCHKEY_DATA_DIR/kek`.',
    defaultText: '(generated in development)',
    secret: true,
    parse: (raw: string | undefined) => raw,
  } satisfies Setting<string | undefined>,
  dataDir: {
    name: 'LATCHKEY_DATA_DIR',
    description: 'Folder for the development KEK (and the default SQLite file).',
    defaultText: './data',
    parse: (raw: string | undefined) => raw || './data',
  } satisfies Setting<string>,
  accessTokenTtlS: integerSetting('LATCHKEY_ACCESS_TOKEN_TTL_S', 'Access-token lifetime in seconds.', 900, 30, 86_400),
  idTokenTtlS: integerSetting('LATCHKEY_ID_TOKEN_TTL_S', 'ID-token lifetime in seconds.', 3600, 30, 86_400),
  authorizationCodeTtlS: integerSetting('LATCHKEY_AUTHORIZATION_CODE_TTL_S', 'Authorization-code lifetime in seconds (RFC 6749 §4.1.2 recommends at most 10 minutes).', 60, 5, 600),
  sessionTtlS: integerSetting('LATCHKEY_SESSION_TTL_S', 'How long a sign-in session lasts, in seconds.', 8 * 3600, 60, 30 * 86_400),
  mfa: enumSetting(
    'LATCHKEY_MFA',
    '`required`: every sign-in needs a second factor (a user without one sets one up first), as `--require-mfa` does for one client. `optional`: only users who enrolled one, clients that require it and requests that ask for it (`acr_values`).',
    ['optional', 'required'] as const,
    'optional',
  ),
  webauthnRpId: {
    name: 'LATCHKEY_WEBAUTHN_RP_ID',
    description:
      'The WebAuthn relying-party ID passkeys are bound to: the issuer\'s host or a domain it belongs to (`example.com` for `https://login.example.com`), never an IP address (WebAuthn §5.1.3). Changing it later makes every registered passkey unusable.',
    defaultText: '(the issuer\'s host)',
    parse: (raw: string | undefined) => (raw === undefined || raw === '' ? undefined : raw.trim().toLowerCase()),
  } satisfies Setting<string | undefined>,
  freshSignInS: integerSetting(
    'LATCHKEY_FRESH_SIGN_IN_S',
    'How recent, in seconds, the sign-in of a browser session must be to set up or turn off a second factor or make new recovery codes on the account page; an older session signs in again first.',
    300,
    30,
    3600,
  ),
  interactionTtlS: integerSetting('LATCHKEY_INTERACTION_TTL_S', 'How long a user has to sign in and consent before the authorization request must start again, in seconds.', 600, 60, 3600),
  interactionsPerIp: integerSetting(
    'LATCHKEY_INTERACTIONS_PER_IP',
    'Sign-ins (pending interactions, started by `/authorize` or the login page) in progress at once from one IP address (IPv6: one /64); beyond it `/authorize` answers `temporarily_unavailable` and the login page 429.',
    500,
    1,
  ),
  interactionsMax: integerSetting('LATCHKEY_INTERACTIONS_MAX', 'Sign-ins in progress at once in all, from every address: the most rows the interactions table holds before expired ones are cleaned up.', 100_000, 1),
  refreshIdleTtlS: integerSetting('LATCHKEY_REFRESH_IDLE_TTL_S', 'A refresh token expires when unused for this many seconds.', 14 * 86_400, 60),
  refreshAbsoluteTtlS: integerSetting('LATCHKEY_REFRESH_ABSOLUTE_TTL_S', 'A refresh-token family ends this many seconds after the original grant, however often it is used.', 90 * 86_400, 60),
  refreshReuseGraceS: integerSetting(
    'LATCHKEY_REFRESH_REUSE_GRACE_S',
    'Seconds after a rotation in which presenting the old refresh token again is refused with `invalid_grant` without revoking the family (concurrent refreshes). 0 treats every replay as reuse.',
    0,
    0,
    300,
  ),
  jwksMaxAgeS: integerSetting('LATCHKEY_JWKS_MAX_AGE_S', '`Cache-Control: max-age` of the JWKS and metadata documents.', 300, 0, 86_400),
  keystoreReloadS: integerSetting('LATCHKEY_KEYSTORE_RELOAD_S', 'How often a running server reloads the signing keys from the database.', 60, 1, 3_600),
  demoBootstrap: booleanSetting(
    'LATCHKEY_DEMO_BOOTSTRAP',
    'On the very first start, create a demo client and user and print their credentials once. Refused in production.',
    '(true in development)',
    (env) => nodeEnv(env) === 'development',
  ),
  validateResponses: booleanSetting(
    'LATCHKEY_VALIDATE_RESPONSES',
    'Validate every response against openapi.yaml: in development and tests a mismatch is a 500; in production, where it is off by default, `true` only logs mismatches.',
    '(false in production)',
    (env) => nodeEnv(env) !== 'production',
  ),
  docs: booleanSetting(
    'LATCHKEY_DOCS',
    'Swagger UI at `/docs` and the contract at `/openapi.yaml` (`on` or `off`); off, both answer 404 and the metadata names no `service_documentation`.',
    '(off in production)',
    (env) => nodeEnv(env) !== 'production',
  ),
  metrics: enumSetting(
    'LATCHKEY_METRICS',
    '`GET /metrics` (Prometheus): `off`, `token` (requires `Authorization: Bearer LATCHKEY_METRICS_TOKEN`) or `public`.',
    ['off', 'token', 'public'] as const,
    'off',
  ),
  metricsToken: {
    name: 'LATCHKEY_METRICS_TOKEN',
    description: 'The bearer token for `GET /metrics` when `LATCHKEY_METRICS=token`; at least 32 characters.',
    defaultText: '(unset)',
    secret: true,
    parse: (raw: string | undefined) => (raw === undefined || raw === '' ? undefined : raw),
  } satisfies Setting<string | undefined>,
  shutdownGraceS: integerSetting('LATCHKEY_SHUTDOWN_GRACE_S', 'On SIGTERM, how long in-flight requests may take to finish before the process exits anyway.', 10, 0, 600),
  cleanupIntervalS: integerSetting('LATCHKEY_CLEANUP_INTERVAL_S', 'How often the server removes expired codes, sessions, refresh-token families and deny-list entries (0: never; run `latchkey cleanup` instead).', 3600, 0, 86_400),
  auditFlushMs: integerSetting(
    'LATCHKEY_AUDIT_FLUSH_MS',
    'Audit rows are written in batches, each row at most this many milliseconds after its event (its JSON log line is written at once). 0 writes every row before the response is sent.',
    100,
    0,
    10_000,
  ),
  auditRetentionDays: integerSetting('LATCHKEY_AUDIT_RETENTION_DAYS', 'Audit events older than this many days are removed by the clean-up.', 90, 1, 3650),
  logLevel: enumSetting('LATCHKEY_LOG_LEVEL', 'pino log level.', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
  rateLimits: booleanSetting(
    'LATCHKEY_RATE_LIMITS',
    'Rate limits on `/token`, `/introspect`, `/revoke`, `/authorize` and `/login` (answered with 429 and `Retry-After`). `off` only for load tests; account lockout stays on either way.',
    'on',
    () => true,
  ),
  rateLimitIpRpm: integerSetting('LATCHKEY_RATE_LIMIT_IP_RPM', 'Requests per minute from one IP address (IPv6: one /64) to the rate-limited endpoints.', 1200, 1),
  rateLimitClientRpm: integerSetting('LATCHKEY_RATE_LIMIT_CLIENT_RPM', 'Requests per minute naming one `client_id` at `/token`, `/introspect` and `/revoke`.', 3000, 1),
  rateLimitFailureWindowS: integerSetting('LATCHKEY_RATE_LIMIT_FAILURE_WINDOW_S', 'The window, in seconds, in which the failure limits below are counted; a blocked client or address waits until it ends.', 900, 1, 86_400),
  rateLimitClientAuthFailures: integerSetting(
    'LATCHKEY_RATE_LIMIT_CLIENT_AUTH_FAILURES',
    'Failed client authentications (`invalid_client`) naming one `client_id` from one IP address per window; after that this address is refused for this client, even with the right secret, until the window ends. Failures per `client_id` alone never block (client ids are public): they are audited and counted in `latchkey_client_authentication_failures_total`.',
    20,
    1,
  ),
  rateLimitIpAuthFailures: integerSetting('LATCHKEY_RATE_LIMIT_IP_AUTH_FAILURES', 'Failed client authentications per IP address per window, whatever `client_id` they name.', 50, 1),
  rateLimitLoginIpFailures: integerSetting(
    'LATCHKEY_RATE_LIMIT_LOGIN_IP_FAILURES',
    'Failed sign-ins (login page and password grant) per IP address per window, whatever the username. Failed second factors (TOTP and recovery codes) have a limit of the same size, counted apart.',
    100,
    1,
  ),
  passwordMinLength: integerSetting(
    'LATCHKEY_PASSWORD_MIN_LENGTH',
    'Fewest characters (Unicode code points) a new password may have. NIST SP 800-63B-4: 15 for passwords used as the only factor; 8 at the least where a second factor is required. Passwords may have up to 1024, need no particular kinds of characters, and must not be on the shipped list of common and breached passwords. Existing passwords keep working.',
    15,
    8,
    64,
  ),
  lockoutThreshold: integerSetting(
    'LATCHKEY_LOCKOUT_THRESHOLD',
    'Failed sign-ins for one username (existing or not) before the account must wait; each failure from then on locks it for `LATCHKEY_LOCKOUT_WAIT_INCREMENT_S` longer. Failed second factors lock the second step the same way, counted apart from passwords. 0 switches lockout off.',
    30,
    0,
  ),
  lockoutWaitIncrementS: integerSetting('LATCHKEY_LOCKOUT_WAIT_INCREMENT_S', 'How much longer, in seconds, each failure at or over the threshold locks the account.', 60, 1, 86_400),
  lockoutMaxWaitS: integerSetting('LATCHKEY_LOCKOUT_MAX_WAIT_S', 'The longest an account is locked after one failure, in seconds.', 900, 1, 7 * 86_400),
  lockoutResetS: integerSetting(
    'LATCHKEY_LOCKOUT_RESET_S',
    'Failed sign-ins are forgotten when the last one is this many seconds old; a successful sign-in or `latchkey users unlock` forgets them at once.',
    43_200,
    1,
    30 * 86_400,
  ),
  trustProxy: {
    name: 'LATCHKEY_TRUST_PROXY',
    description:
      'Which proxies may set the client address and scheme (`X-Forwarded-For`, `X-Forwarded-Proto`), as Express `trust proxy`: `off`, a hop count, or a comma list of addresses, subnets or `loopback`, `linklocal`, `uniquelocal`; `on` trusts any sender (only behind a proxy that overwrites the headers). Off: the TCP peer is the client, so the headers cannot dodge per-IP limits.',
    defaultText: 'off',
    parse: parseTrustProxy,
  } satisfies Setting<TrustProxy>,
  brandName: {
    name: 'LATCHKEY_BRAND_NAME',
    description: 'Product name shown in the header and title of every page and in the built-in scope descriptions ("Sign you in with your NAME account"); at most 60 characters.',
    defaultText: 'Latchkey',
    parse: parseBrandName,
  } satisfies Setting<string>,
  brandLogo: {
    name: 'LATCHKEY_BRAND_LOGO',
    description: 'Path of a logo file (PNG, SVG, JPEG, WebP or GIF, at most 512 KiB) read at start-up, served at `GET /brand/logo` and shown in the header of every page instead of the key mark.',
    defaultText: '(unset)',
    parse: parseLogoPath,
  } satisfies Setting<string | undefined>,
  brandAccent: {
    name: 'LATCHKEY_BRAND_ACCENT',
    description: 'Accent colour of buttons, links and focus rings, as `#rrggbb` or `#rgb`; the text on it is black or white, whichever contrasts more.',
    defaultText: '(indigo)',
    parse: parseAccent,
  } satisfies Setting<string | undefined>,
  termsUrl: pageLinkSetting('LATCHKEY_TERMS_URL', 'Terms of service, linked at the foot of every page (https, or http on a loopback host).'),
  privacyUrl: pageLinkSetting('LATCHKEY_PRIVACY_URL', 'Privacy policy, linked at the foot of every page (https, or http on a loopback host).'),
  redisPrefix: {
    name: 'LATCHKEY_REDIS_PREFIX',
    description: 'Prefix of every Redis key Latchkey writes, so that several deployments can share one Redis.',
    defaultText: 'latchkey:',
    parse: (raw: string | undefined) => (raw === undefined || raw === '' ? 'latchkey:' : raw),
  } satisfies Setting<string>,
} as const;

/** All settings in the order of docs/configuration.md. */
export const allSettings: readonly Setting<unknown>[] = Object.values(settings);
