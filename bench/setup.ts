// Databases and fixtures for the benchmark: the MySQL or PostgreSQL database's life cycle, Latchkey's
// production-like environment, migrations, clients, a user, a pool of refresh tokens and
// authorization codes.
import { createHash, randomBytes } from 'node:crypto';
import knex, { type Knex } from 'knex';
import { loadConfig } from '../src/config/index.js';
import { composeLatchkey } from '../src/latchkey.js';
import { createLogger } from '../src/logging.js';
import { AuthorizationCodes } from '../src/services/authorization-codes.js';
import { passwordAuthentication } from '../src/domain/authentication.js';
import type { AuthorizationRequest } from '../src/oauth/authorization-request.js';
import { openDatabase } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';

const isPostgres = (url: string): boolean => /^postgres(ql)?:/.test(url);

/**
 * Splits `mysql://user@host:port/db` or `postgres://user@host:port/db` into a server URL to administer
 * it from (MySQL: no database; PostgreSQL: the `postgres` database) and the database name.
 */
function splitServerUrl(url: string): { serverUrl: string; database: string } {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(database)) throw new Error(`unsafe or missing database name in ${url}`);
  parsed.pathname = isPostgres(url) ? '/postgres' : '/';
  return { serverUrl: parsed.toString(), database };
}

async function withServer<T>(url: string, work: (db: Knex) => Promise<T>): Promise<T> {
  const { serverUrl } = splitServerUrl(url);
  const db = isPostgres(url)
    ? knex({ client: 'pg', connection: { connectionString: serverUrl, connectionTimeoutMillis: 3_000 }, pool: { min: 0, max: 1 }, acquireConnectionTimeout: 4_000 })
    : knex({
        client: 'mysql2',
        connection: { uri: serverUrl, connectTimeout: 3_000 } as Knex.MySql2ConnectionConfig,
        pool: { min: 0, max: 1 },
        acquireConnectionTimeout: 4_000,
      });
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

const quoted = (url: string, name: string): string => (isPostgres(url) ? `"${name}"` : `\`${name}\``);

/** undefined when the MySQL or PostgreSQL server is reachable, else the reason. */
export async function serverDatabaseProblem(url: string): Promise<string | undefined> {
  try {
    await withServer(url, (db) => db.raw('SELECT 1'));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Drops any leftover of an earlier run, then creates the database afresh. */
export async function createServerDatabase(url: string): Promise<void> {
  const { database } = splitServerUrl(url);
  await withServer(url, async (db) => {
    await db.raw(`DROP DATABASE IF EXISTS ${quoted(url, database)}`);
    await db.raw(isPostgres(url) ? `CREATE DATABASE ${quoted(url, database)}` : `CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  });
}

export async function dropServerDatabase(url: string): Promise<void> {
  const { database } = splitServerUrl(url);
  await withServer(url, (db) => db.raw(`DROP DATABASE IF EXISTS ${quoted(url, database)}`));
}

/** Settings that must not leak in from the caller's environment. */
const ownedSettings = /^(LATCHKEY_|DATABASE_URL|REDIS_URL$|PORT$|NODE_ENV$)/;

/**
 * The authorization-code lifetime for the benchmark: the production default is 60 s, the
 * maximum Latchkey accepts 600 s (RFC 6749 §4.1.2's "10 minutes"). Codes are minted by the
 * parent just before each measured run, and that run must end before they expire.
 */
export const benchCodeTtlS = 600;

/**
 * Latchkey's production posture: NODE_ENV=production (which needs a KEK and a loopback-or-https
 * issuer), LATCHKEY_VALIDATE_RESPONSES left at its production default (false: responses are not
 * validated; true would only log a mismatch), log level warn. One change from the defaults:
 * LATCHKEY_AUTHORIZATION_CODE_TTL_S raised from 60 to {@link benchCodeTtlS} for the pre-minted codes, and
 * the per-IP and per-client request limits raised to {@link benchRequestLimit} per minute: the load comes from
 * one address and one client (failure limits and lockout stay at their defaults).
 */
/** The per-IP and per-client request limit the bench sets: all its load comes from 127.0.0.1 and a few clients. */
export const benchRequestLimit = 100_000_000;

export function latchkeyEnv(options: { port: number; databaseUrl: string; kek: string; dataDir: string }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!ownedSettings.test(name)) env[name] = value;
  return {
    ...env,
    NODE_ENV: 'production',
    PORT: String(options.port),
    DATABASE_URL: options.databaseUrl,
    LATCHKEY_ISSUER: `http://127.0.0.1:${options.port}`,
    LATCHKEY_KEK: options.kek,
    LATCHKEY_LOG_LEVEL: 'warn',
    LATCHKEY_DATA_DIR: options.dataDir,
    LATCHKEY_AUTHORIZATION_CODE_TTL_S: String(benchCodeTtlS),
    LATCHKEY_RATE_LIMIT_IP_RPM: String(benchRequestLimit),
    LATCHKEY_RATE_LIMIT_CLIENT_RPM: String(benchRequestLimit),
  };
}

export function generateKek(): string {
  return randomBytes(32).toString('base64');
}

export interface Credentials {
  clientId: string;
  clientSecret: string;
}

export interface Fixtures {
  /** Confidential client: client_credentials, scopes read write. */
  machine: Credentials;
  /** First-party client: password + refresh_token, scopes read write. */
  app: Credentials;
  /** Confidential client: authorization_code only (so no refresh tokens), scopes openid read, redirect URI {@link benchRedirectUri}. */
  web: Credentials;
  user: { username: string; password: string };
  userId: string;
  /** Fresh refresh tokens of `app`, each in its own family, each to be used once. */
  refreshPool: string[];
}

/**
 * Migrates the database (as `latchkey migrate` would before a production start), then creates
 * the signing keys, clients, user and refresh-token pool through Latchkey's own services.
 */
export async function prepareDatabase(env: NodeJS.ProcessEnv, refreshPoolSize: number): Promise<Fixtures> {
  const config = loadConfig(env);
  if (!config.kek) throw new Error('no KEK');
  const db = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(db);
    const lk = await composeLatchkey({ config, db, logger: createLogger('warn'), kek: config.kek });
    const machine = await lk.clients.create({ clientName: 'bench machine', grantTypes: ['client_credentials'], scopes: ['read', 'write'] });
    const app = await lk.clients.create({
      clientName: 'bench first-party app',
      grantTypes: ['password', 'refresh_token'],
      scopes: ['read', 'write'],
      firstParty: true,
    });
    const web = await lk.clients.create({
      clientName: 'bench web app',
      grantTypes: ['authorization_code'],
      scopes: ['openid', 'read'],
      redirectUris: [benchRedirectUri],
    });
    const user = { username: 'bench-user', password: 'correct horse battery staple' };
    const userRecord = await lk.users.create(user);
    const refreshPool: string[] = [];
    const chunk = 500;
    while (refreshPool.length < refreshPoolSize) {
      const n = Math.min(chunk, refreshPoolSize - refreshPool.length);
      await lk.storage.transaction(async (stores) => {
        for (let i = 0; i < n; i++) {
          const { refreshToken } = await lk.refreshTokens.startGrant(stores, { clientId: app.client.clientId, userId: userRecord.id, scopes: ['read', 'write'], authentication: passwordAuthentication(Date.now()), resources: [] }, () => new Error('the bench user is disabled'));
          refreshPool.push(refreshToken);
        }
      });
    }
    await lk.auditor.close();
    return {
      machine: { clientId: machine.client.clientId, clientSecret: machine.clientSecret as string },
      app: { clientId: app.client.clientId, clientSecret: app.clientSecret as string },
      web: { clientId: web.client.clientId, clientSecret: web.clientSecret as string },
      user,
      userId: userRecord.id,
      refreshPool,
    };
  } finally {
    await db.destroy();
  }
}

export const benchRedirectUri = 'https://app.example.com/cb';

/** One PKCE pair for every code (RFC 7636 §4.1-4.2): 43 unreserved characters, and BASE64URL(SHA256(verifier)). */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier, 'ascii').digest('base64url') };
}

/** Mints Latchkey authorization codes straight into the database, through its own code service. */
export interface CodeMinter {
  readonly ttlS: number;
  mint(count: number, scopes: string[]): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * Composes Latchkey against the benchmark's database (as the server does) and issues codes as
 * the authorization endpoint does after consent: for `client`, the user, the redirect URI
 * (sent in the request, so the token request must repeat it) and the PKCE challenge; the
 * lifetime is the environment's LATCHKEY_AUTHORIZATION_CODE_TTL_S.
 */
export async function openCodeMinter(env: NodeJS.ProcessEnv, client: Credentials, userId: string, codeChallenge: string): Promise<CodeMinter> {
  const config = loadConfig(env);
  if (!config.kek) throw new Error('no KEK');
  const db = openDatabase(config.databaseUrl);
  try {
    const lk = await composeLatchkey({ config, db, logger: createLogger('warn'), kek: config.kek });
    return {
      ttlS: config.authorizationCodeTtlS,
      async mint(count, scopes) {
        const request: AuthorizationRequest = {
          clientId: client.clientId,
          redirectUri: benchRedirectUri,
          redirectUriSent: true,
          responseType: 'code',
          responseMode: 'query',
          scopes,
          codeChallenge,
          prompt: [],
          resources: [],
        };
        const codes: string[] = [];
        const chunk = 500;
        while (codes.length < count) {
          const n = Math.min(chunk, count - codes.length);
          // Batched in transactions (one commit per 500, not per code) so that minting stays quick on MySQL.
          await lk.storage.transaction(async (stores) => {
            const service = new AuthorizationCodes({ storage: { ...stores, transaction: lk.storage.transaction, ping: lk.storage.ping }, refreshTokens: lk.refreshTokens, auditor: lk.auditor, ttlS: config.authorizationCodeTtlS, now: Date.now });
            const authentication = passwordAuthentication(Date.now());
            for (let i = 0; i < n; i++) codes.push(await service.issue(request, userId, authentication));
          });
        }
        return codes;
      },
      async close() {
        await lk.auditor.close();
        await db.destroy();
      },
    };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before base64. */
export function basicAuth(credentials: Credentials): string {
  const encode = (value: string): string => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(credentials.clientId)}:${encode(credentials.clientSecret)}`).toString('base64')}`;
}

export const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };

/** One POST to a token-ish endpoint during setup; throws unless 200. */
export async function postForm(url: string, credentials: Credentials, form: Record<string, string>): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...formHeaders, authorization: basicAuth(credentials) },
    body: new URLSearchParams(form).toString(),
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

export async function getJson(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(15_000) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
