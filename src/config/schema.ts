import { booleanSetting, enumSetting, integerSetting, Setting, urlSetting } from './settings.js';

type Env = Readonly<Record<string, string | undefined>>;

const nodeEnv = (env: Env): string => env.NODE_ENV || 'development';

/** Every setting Latchkey reads, with its documentation. The README table is generated from this list. */
export const settings = {
  nodeEnv: enumSetting('NODE_ENV', 'Run mode. `production` enforces https issuers, a KEK and no demo data.', ['development', 'test', 'production'] as const, 'development'),
  port: integerSetting('PORT', 'TCP port to listen on (0 picks a free one).', 3000, 0, 65535),
  databaseUrl: {
    ...urlSetting(
      'DATABASE_URL',
      'Database: `sqlite:PATH` (embedded, the default) or `mysql://user:pass@host:port/db` (MySQL or MariaDB).',
      'sqlite:./data/latchkey.sqlite',
      () => 'sqlite:./data/latchkey.sqlite',
      ['sqlite:', 'mysql:'],
    ),
    secret: true,
  },
  redisUrl: urlSetting('REDIS_URL', 'Redis for shared rate limits. Not used yet: rate limiting arrives with the production issue.', '(unset)', () => undefined, ['redis:', 'rediss:']),
  issuer: urlSetting(
    'LATCHKEY_ISSUER',
    'Issuer identifier (RFC 8414 §2): the `iss` of every token and the base of every endpoint URL. Must be https in production unless loopback.',
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
  kek: {
    name: 'LATCHKEY_KEK',
    description: 'Key-encryption key for the signing keys at rest: 32 bytes, base64 or base64url. Required in production; in development one is generated into `LATCHKEY_DATA_DIR/kek`.',
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
  interactionTtlS: integerSetting('LATCHKEY_INTERACTION_TTL_S', 'How long a user has to sign in and consent before the authorization request must start again, in seconds.', 600, 60, 3600),
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
    'Validate every response against openapi.yaml: a mismatch is a 500 when true; in production mismatches are only logged.',
    '(false in production)',
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
  auditRetentionDays: integerSetting('LATCHKEY_AUDIT_RETENTION_DAYS', 'Audit events older than this many days are removed by the clean-up.', 90, 1, 3650),
  logLevel: enumSetting('LATCHKEY_LOG_LEVEL', 'pino log level.', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
} as const;

/** All settings in README order. */
export const allSettings: readonly Setting<unknown>[] = Object.values(settings);
