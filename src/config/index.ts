import { isIP } from 'node:net';
import { readFileSync } from 'node:fs';
import { ConfigError } from './settings.js';
import { extname } from 'node:path';
import { logoTypes, settings, type TrustProxy } from './schema.js';
import { isLoopbackHost } from '../resource-server/loopback.js';

export { ConfigError } from './settings.js';
export type { TrustProxy } from './schema.js';

/** Rate limits (429 with `Retry-After`): traffic per minute, failures per window. */
export interface RateLimitSettings {
  readonly enabled: boolean;
  readonly ipRpm: number;
  readonly clientRpm: number;
  readonly failureWindowS: number;
  readonly clientAuthFailures: number;
  readonly ipAuthFailures: number;
  readonly loginIpFailures: number;
}

/** Account lockout after failed sign-ins (Keycloak's brute-force detection as the model). */
export interface LockoutPolicy {
  /** 0: lockout off. */
  readonly threshold: number;
  readonly waitIncrementS: number;
  readonly maxWaitS: number;
  readonly resetS: number;
}

/** Caps on sign-ins in progress (each one is a database row that anyone can cause). */
export interface InteractionLimits {
  readonly perAddress: number;
  readonly total: number;
}

/** How pages look (LATCHKEY_BRAND_*, LATCHKEY_TERMS_URL, LATCHKEY_PRIVACY_URL). */
export interface BrandSettings {
  readonly name: string;
  /** The logo file, read at start-up. */
  readonly logo: { readonly contentType: string; readonly bytes: Buffer } | undefined;
  readonly accent: string | undefined;
  readonly termsUrl: string | undefined;
  readonly privacyUrl: string | undefined;
}

/** The largest logo file accepted: it is held in memory and sent with every first page view. */
const maxLogoBytes = 512 * 1024;

function readLogo(path: string | undefined): BrandSettings['logo'] {
  if (path === undefined) return undefined;
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new ConfigError('LATCHKEY_BRAND_LOGO', `cannot read "${path}"`);
  }
  if (bytes.length === 0 || bytes.length > maxLogoBytes) throw new ConfigError('LATCHKEY_BRAND_LOGO', `must be 1 byte to 512 KiB, got ${bytes.length}`);
  return { contentType: logoTypes[extname(path).toLowerCase()] as string, bytes };
}

/** The validated, frozen configuration. Nothing else in Latchkey reads `process.env`. */
export interface Config {
  readonly nodeEnv: 'development' | 'test' | 'production';
  readonly port: number;
  readonly databaseUrl: string;
  readonly redisUrl: string | undefined;
  readonly issuer: string;
  readonly audience: string;
  /** The `aud` of `admin` tokens, accepted by the admin API only; never equal to {@link audience}. */
  readonly adminAudience: string;
  /** The raw 32-byte key-encryption key, when configured. */
  readonly kek: Buffer | undefined;
  readonly dataDir: string;
  readonly accessTokenTtlS: number;
  readonly idTokenTtlS: number;
  readonly authorizationCodeTtlS: number;
  readonly sessionTtlS: number;
  /** How recent a session's sign-in must be to change second factors (`auth_time`). */
  readonly freshSignInS: number;
  readonly interactionTtlS: number;
  /** Where passkeys belong (WebAuthn §5.1.3): the RP ID and the one origin their responses may come from. */
  readonly webauthn: WebAuthnSettings;
  /** LATCHKEY_MFA: whether every sign-in needs a second factor. */
  readonly mfa: 'optional' | 'required';
  readonly interactionLimits: InteractionLimits;
  /** Cookies get `Secure` in production or behind an https issuer. */
  readonly secureCookies: boolean;
  readonly refreshIdleTtlS: number;
  readonly refreshAbsoluteTtlS: number;
  readonly refreshReuseGraceS: number;
  readonly jwksMaxAgeS: number;
  readonly keystoreReloadS: number;
  readonly demoBootstrap: boolean;
  readonly validateResponses: boolean;
  /** Swagger UI and `/openapi.yaml` are served (LATCHKEY_DOCS). */
  readonly docs: boolean;
  readonly logLevel: string;
  readonly metrics: 'off' | 'token' | 'public';
  readonly metricsToken: string | undefined;
  readonly shutdownGraceS: number;
  readonly cleanupIntervalS: number;
  readonly auditFlushMs: number;
  readonly auditRetentionDays: number;
  readonly rateLimits: RateLimitSettings;
  readonly lockout: LockoutPolicy;
  /** Rules for new passwords (NIST SP 800-63B-4). */
  readonly passwordPolicy: { readonly minLength: number };
  readonly trustProxy: TrustProxy;
  readonly redisPrefix: string;
  readonly brand: BrandSettings;
}

type Env = Readonly<Record<string, string | undefined>>;

function readSecret(name: string, env: Env): string | undefined {
  const file = env[`${name}_FILE`];
  if (file === undefined || file === '') return env[name];
  if (env[name] !== undefined && env[name] !== '') throw new ConfigError(name, `set either ${name} or ${name}_FILE, not both`);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    throw new ConfigError(`${name}_FILE`, `cannot read "${file}"`);
  }
}

/** Decodes a base64/base64url key-encryption key of exactly 32 bytes. */
export function parseKek(raw: string, setting = 'LATCHKEY_KEK'): Buffer {
  const text = raw.trim().replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) throw new ConfigError(setting, 'must be base64');
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) throw new ConfigError(setting, `must decode to 32 bytes, got ${key.length}`);
  return key;
}

function requireProductionPosture(config: Config, env: Env): void {
  // The default (http://localhost:PORT) only fits a developer's machine; every token and endpoint URL carries it.
  if (!env.LATCHKEY_ISSUER) {
    throw new ConfigError('LATCHKEY_ISSUER', 'must be set explicitly in production (the https URL clients reach this server at); the default http://localhost:PORT is for development only');
  }
  const issuer = new URL(config.issuer);
  if (issuer.protocol === 'http:' && !isLoopbackHost(issuer.hostname)) {
    throw new ConfigError('LATCHKEY_ISSUER', 'must be https in production (loopback excepted)');
  }
  if (!config.kek) throw new ConfigError('LATCHKEY_KEK', 'is required in production');
  if (config.demoBootstrap) throw new ConfigError('LATCHKEY_DEMO_BOOTSTRAP', 'must be off in production');
}

/** The relying party of passkeys: its RP ID and the expected origin of every ceremony. */
export interface WebAuthnSettings {
  readonly rpId: string;
  readonly origin: string;
}

/**
 * WebAuthn §5.1.3: the RP ID is the origin's host or a registrable suffix of it, and never an IP address
 * (browsers refuse one); the expected origin is the issuer's.
 */
function webauthnSettings(issuer: string, configured: string | undefined): WebAuthnSettings {
  const url = new URL(issuer);
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const rpId = configured ?? host;
  if (configured !== undefined && (isIP(configured) !== 0 || !/^[a-z0-9.-]+$/.test(configured) || configured.startsWith('.') || configured.endsWith('.') || !configured.includes('.') && configured !== 'localhost')) {
    throw new ConfigError('LATCHKEY_WEBAUTHN_RP_ID', `must be a domain name, got "${configured}"`);
  }
  if (configured !== undefined && host !== configured && !host.endsWith(`.${configured}`)) {
    throw new ConfigError('LATCHKEY_WEBAUTHN_RP_ID', `must be the issuer's host "${host}" or a domain it belongs to`);
  }
  return Object.freeze({ rpId, origin: url.origin });
}

/** Parses and checks every setting; throws {@link ConfigError} naming the first bad one. */
export function loadConfig(env: Env = process.env): Config {
  settings.nodeEnv.parse(env.NODE_ENV);
  settings.port.parse(env.PORT);
  const issuer = settings.issuer.parse(env.LATCHKEY_ISSUER, env) as string;
  if (/[?#]/.test(issuer)) {
    throw new ConfigError('LATCHKEY_ISSUER', 'must not have a query or fragment (RFC 8414 §2)');
  }
  const kekText = readSecret('LATCHKEY_KEK', env);
  const config: Config = {
    nodeEnv: settings.nodeEnv.parse(env.NODE_ENV),
    port: settings.port.parse(env.PORT),
    databaseUrl: settings.databaseUrl.parse(readSecret('DATABASE_URL', env), env) as string,
    redisUrl: settings.redisUrl.parse(env.REDIS_URL, env),
    issuer: issuer.replace(/\/$/, ''),
    audience: settings.audience.parse(env.LATCHKEY_AUDIENCE) ?? issuer.replace(/\/$/, ''),
    adminAudience: settings.adminAudience.parse(env.LATCHKEY_ADMIN_AUDIENCE) ?? `${issuer.replace(/\/$/, '')}/admin`,
    kek: kekText === undefined || kekText === '' ? undefined : parseKek(kekText),
    dataDir: settings.dataDir.parse(env.LATCHKEY_DATA_DIR),
    accessTokenTtlS: settings.accessTokenTtlS.parse(env.LATCHKEY_ACCESS_TOKEN_TTL_S),
    idTokenTtlS: settings.idTokenTtlS.parse(env.LATCHKEY_ID_TOKEN_TTL_S),
    authorizationCodeTtlS: settings.authorizationCodeTtlS.parse(env.LATCHKEY_AUTHORIZATION_CODE_TTL_S),
    sessionTtlS: settings.sessionTtlS.parse(env.LATCHKEY_SESSION_TTL_S),
    freshSignInS: settings.freshSignInS.parse(env.LATCHKEY_FRESH_SIGN_IN_S),
    interactionTtlS: settings.interactionTtlS.parse(env.LATCHKEY_INTERACTION_TTL_S),
    mfa: settings.mfa.parse(env.LATCHKEY_MFA),
    webauthn: webauthnSettings(issuer, settings.webauthnRpId.parse(env.LATCHKEY_WEBAUTHN_RP_ID)),
    interactionLimits: Object.freeze({
      perAddress: settings.interactionsPerIp.parse(env.LATCHKEY_INTERACTIONS_PER_IP),
      total: settings.interactionsMax.parse(env.LATCHKEY_INTERACTIONS_MAX),
    }),
    secureCookies: settings.nodeEnv.parse(env.NODE_ENV) === 'production' || issuer.startsWith('https:'),
    refreshIdleTtlS: settings.refreshIdleTtlS.parse(env.LATCHKEY_REFRESH_IDLE_TTL_S),
    refreshAbsoluteTtlS: settings.refreshAbsoluteTtlS.parse(env.LATCHKEY_REFRESH_ABSOLUTE_TTL_S),
    refreshReuseGraceS: settings.refreshReuseGraceS.parse(env.LATCHKEY_REFRESH_REUSE_GRACE_S),
    jwksMaxAgeS: settings.jwksMaxAgeS.parse(env.LATCHKEY_JWKS_MAX_AGE_S),
    keystoreReloadS: settings.keystoreReloadS.parse(env.LATCHKEY_KEYSTORE_RELOAD_S),
    demoBootstrap: settings.demoBootstrap.parse(env.LATCHKEY_DEMO_BOOTSTRAP, env),
    validateResponses: settings.validateResponses.parse(env.LATCHKEY_VALIDATE_RESPONSES, env),
    docs: settings.docs.parse(env.LATCHKEY_DOCS, env),
    logLevel: settings.logLevel.parse(env.LATCHKEY_LOG_LEVEL),
    metrics: settings.metrics.parse(env.LATCHKEY_METRICS),
    metricsToken: settings.metricsToken.parse(readSecret('LATCHKEY_METRICS_TOKEN', env)),
    shutdownGraceS: settings.shutdownGraceS.parse(env.LATCHKEY_SHUTDOWN_GRACE_S),
    cleanupIntervalS: settings.cleanupIntervalS.parse(env.LATCHKEY_CLEANUP_INTERVAL_S),
    auditFlushMs: settings.auditFlushMs.parse(env.LATCHKEY_AUDIT_FLUSH_MS),
    auditRetentionDays: settings.auditRetentionDays.parse(env.LATCHKEY_AUDIT_RETENTION_DAYS),
    rateLimits: Object.freeze({
      enabled: settings.rateLimits.parse(env.LATCHKEY_RATE_LIMITS, env),
      ipRpm: settings.rateLimitIpRpm.parse(env.LATCHKEY_RATE_LIMIT_IP_RPM),
      clientRpm: settings.rateLimitClientRpm.parse(env.LATCHKEY_RATE_LIMIT_CLIENT_RPM),
      failureWindowS: settings.rateLimitFailureWindowS.parse(env.LATCHKEY_RATE_LIMIT_FAILURE_WINDOW_S),
      clientAuthFailures: settings.rateLimitClientAuthFailures.parse(env.LATCHKEY_RATE_LIMIT_CLIENT_AUTH_FAILURES),
      ipAuthFailures: settings.rateLimitIpAuthFailures.parse(env.LATCHKEY_RATE_LIMIT_IP_AUTH_FAILURES),
      loginIpFailures: settings.rateLimitLoginIpFailures.parse(env.LATCHKEY_RATE_LIMIT_LOGIN_IP_FAILURES),
    }),
    lockout: Object.freeze({
      threshold: settings.lockoutThreshold.parse(env.LATCHKEY_LOCKOUT_THRESHOLD),
      waitIncrementS: settings.lockoutWaitIncrementS.parse(env.LATCHKEY_LOCKOUT_WAIT_INCREMENT_S),
      maxWaitS: settings.lockoutMaxWaitS.parse(env.LATCHKEY_LOCKOUT_MAX_WAIT_S),
      resetS: settings.lockoutResetS.parse(env.LATCHKEY_LOCKOUT_RESET_S),
    }),
    passwordPolicy: Object.freeze({ minLength: settings.passwordMinLength.parse(env.LATCHKEY_PASSWORD_MIN_LENGTH) }),
    trustProxy: settings.trustProxy.parse(env.LATCHKEY_TRUST_PROXY),
    redisPrefix: settings.redisPrefix.parse(env.LATCHKEY_REDIS_PREFIX),
    brand: Object.freeze({
      name: settings.brandName.parse(env.LATCHKEY_BRAND_NAME),
      logo: readLogo(settings.brandLogo.parse(env.LATCHKEY_BRAND_LOGO)),
      accent: settings.brandAccent.parse(env.LATCHKEY_BRAND_ACCENT),
      termsUrl: settings.termsUrl.parse(env.LATCHKEY_TERMS_URL),
      privacyUrl: settings.privacyUrl.parse(env.LATCHKEY_PRIVACY_URL),
    }),
  };
  if (config.metrics === 'token' && (config.metricsToken ?? '').length < 32) {
    throw new ConfigError('LATCHKEY_METRICS_TOKEN', 'must be set (at least 32 characters) when LATCHKEY_METRICS=token');
  }
  // Issue 13 §4: an admin token must not be accepted by an API of the ordinary audience, nor the reverse.
  if (config.adminAudience === config.audience) {
    throw new ConfigError('LATCHKEY_ADMIN_AUDIENCE', 'must differ from LATCHKEY_AUDIENCE (the admin API accepts only tokens of its own audience)');
  }
  if (config.nodeEnv === 'production') requireProductionPosture(config, env);
  return Object.freeze(config);
}
