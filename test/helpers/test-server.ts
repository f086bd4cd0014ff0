import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { Knex } from 'knex';
import { createClient, createConfig } from '../../generated/client/index.js';
import type { Client } from '../../generated/client/index.js';
import { createApp } from '../../src/app.js';
import { loadConfig, parseKek } from '../../src/config/index.js';
import type { Latchkey } from '../../src/latchkey.js';
import { createLogger } from '../../src/logging.js';
import type { AuditEventRecord, ClientRecord } from '../../src/domain/records.js';
import type { NewClient } from '../../src/services/clients.js';
import type { BeforeAtomicStep } from '../../src/services/atomic-step-hook.js';
import { openLatchkey } from '../../src/open-latchkey.js';
import { testDatabaseUrl, testKek } from './test-database.js';

/** A clock tests move by hand. */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

export function testClock(start = Date.now()): TestClock {
  let current = start;
  return { now: () => current, advance: (ms) => void (current += ms) };
}

/** A running Latchkey on port 0 and an SDK client pointed at it. */
export interface TestServer {
  /** Where the tests send requests: `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** The issuer: `url`, or with {@link TestServerOptions.issuerHost} that host on the same port. */
  readonly issuer: string;
  readonly lk: Latchkey;
  readonly sdk: Client;
  readonly logLines: string[];
  close(): Promise<void>;
}

/** Options of {@link startTestServer}. */
export interface TestServerOptions {
  env?: Record<string, string>;
  clock?: TestClock;
  databaseUrl?: string;
  db?: Knex;
  /** See test/helpers/atomic-step-barrier.ts. */
  beforeAtomicStep?: BeforeAtomicStep;
  /** The issuer's host instead of 127.0.0.1, e.g. `localhost` for passkeys (WebAuthn refuses an IP address as RP ID). */
  issuerHost?: string;
}

/** Binds port 0 first, then builds the config with the real issuer, migrates, composes and serves. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await serveLatchkey(server, options);
  } catch (error) {
    // A refused setting or a failed migration must not leave the port open (jest would never exit).
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }
}

async function serveLatchkey(server: Server, options: TestServerOptions): Promise<TestServer> {
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const issuer = `http://${options.issuerHost ?? '127.0.0.1'}:${port}`;
  const databaseUrl = options.databaseUrl ?? testDatabaseUrl();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    LATCHKEY_ISSUER: issuer,
    DATABASE_URL: databaseUrl,
    LATCHKEY_KEK: testKek,
    LATCHKEY_LOG_LEVEL: 'info',
    // Failed sign-ins stay in the database between runs, and the shared MySQL test database would lock the
    // fixed unknown usernames some tests use after enough runs; forget them after 5 minutes instead of 12 hours.
    LATCHKEY_LOCKOUT_RESET_S: '300',
    ...options.env,
  });
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const lk = await openLatchkey(config, {
    logger: createLogger(config.logLevel, sink),
    kek: parseKek(testKek),
    migrations: 'apply',
    ...(options.db ? { db: options.db } : {}),
    ...(options.clock ? { now: options.clock.now } : {}),
    ...(options.beforeAtomicStep ? { beforeAtomicStep: options.beforeAtomicStep } : {}),
  });
  server.on('request', createApp(lk));
  const sdk = createClient(createConfig({ baseUrl: url }));
  return {
    url,
    issuer,
    lk,
    sdk,
    logLines,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await lk.close();
    },
  };
}

/** The newest audit events (of one kind), after the server's batched audit rows are written. */
export async function recentAuditEvents(server: TestServer, limit: number, event?: string): Promise<AuditEventRecord[]> {
  await server.lk.auditor.flush();
  return server.lk.storage.auditEvents.recent(limit, event);
}

/** `Authorization: Basic` with id and secret form-urlencoded first (RFC 6749 §2.3.1). */
export function basicAuth(clientId: string, secret: string): string {
  const encode = (v: string): string => encodeURIComponent(v).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
}

/** A registered client and its plaintext secret. */
export interface TestClient {
  client: ClientRecord;
  secret: string;
  basic: string;
}

/** Registers a client with sensible defaults for tests. */
export async function registerClient(lk: Latchkey, input: Partial<NewClient> = {}): Promise<TestClient> {
  const { client, clientSecret } = await lk.clients.create({
    clientName: 'Test client',
    grantTypes: ['client_credentials'],
    scopes: ['read', 'write'],
    ...input,
  });
  return { client, secret: clientSecret ?? '', basic: clientSecret ? basicAuth(client.clientId, clientSecret) : '' };
}

let userCounter = 0;

/** Creates a user with a unique username (the MySQL test database is shared). */
export async function registerUser(lk: Latchkey, password = 'correct horse battery staple') {
  userCounter += 1;
  const username = `user-${process.pid}-${Date.now().toString(36)}-${userCounter}`;
  const user = await lk.users.create({ username, password, name: 'Test User', email: `${username}@example.com` });
  return { user, username, password };
}

/** Decodes a JWT payload without verifying it (for assertions only). */
export function jwtPayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function jwtHeader(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}
