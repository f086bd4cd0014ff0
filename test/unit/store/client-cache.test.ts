import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { cachedClientStore } from '../../../src/store/client-cache.js';
import { knexClientStore } from '../../../src/store/clients.js';
import { openDatabase } from '../../../src/store/database.js';
import { migrateToLatest } from '../../../src/store/migrate.js';
import type { ClientRecord } from '../../../src/domain/records.js';

/**
 * The cache's bound on a hand-moved clock, with a second connection to the same SQLite file as
 * "another process": a change is served stale at most until the last check of the change counter
 * is `maxStaleMs` old.
 */
const bounds = { refreshAfterMs: 500, maxStaleMs: 1000, maxEntries: 3 };
let here: Knex;
let elsewhere: Knex;
let now = 0;
const clock = () => now;

function client(clientId: string, secretHash = 'a'.repeat(64)): ClientRecord {
  return {
    clientId,
    clientSecretHash: secretHash,
    previousSecretHash: null,
    previousSecretExpiresAt: null,
    clientName: clientId,
    tokenEndpointAuthMethod: 'client_secret_basic',
    grantTypes: ['client_credentials'],
    redirectUris: [],
    scopes: ['read'],
    firstParty: false,
    resourceServer: false,
    postLogoutRedirectUris: [],
    clientUri: null,
    allowedOrigins: [],
    pkceRequired: true,
    implicitAllowed: false,
    idTokenSignedResponseAlg: 'RS256',
    admin: false,
    requireMfa: false,
    defaultResource: null,
    createdAt: 1,
    updatedAt: 1,
  };
}

/** Queries of the clients table sent on this process's connection while `work` runs. */
async function clientReads<T>(work: () => Promise<T>): Promise<{ result: T; reads: number }> {
  let reads = 0;
  const listener = (query: { sql: string }) => void (/from `clients`/.test(query.sql) && reads++);
  here.on('query', listener);
  try {
    return { result: await work(), reads };
  } finally {
    here.off('query', listener);
  }
}

beforeEach(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'latchkey-client-cache-')), 'db.sqlite');
  here = openDatabase(`sqlite:${file}`);
  await migrateToLatest(here);
  elsewhere = openDatabase(`sqlite:${file}`);
  now = 0;
});
afterEach(async () => {
  await here.destroy();
  await elsewhere.destroy();
});

describe('the client cache', () => {
  it('answers a known client from memory, frozen, and asks the database for unknown ones every time', async () => {
    const cache = cachedClientStore(knexClientStore(here), bounds, clock);
    await cache.insert(client('known'));
    expect((await clientReads(() => cache.findById('known'))).reads).toBe(1);
    const { result, reads } = await clientReads(() => cache.findById('known'));
    expect(reads).toBe(0);
    expect(Object.isFrozen(result) && Object.isFrozen(result?.scopes)).toBe(true);
    await clientReads(() => cache.findById('unknown'));
    expect((await clientReads(() => cache.findById('unknown'))).reads).toBe(1);
  });

  it("serves another connection's change for at most maxStaleMs after its last check", async () => {
    const cache = cachedClientStore(knexClientStore(here), bounds, clock);
    await cache.insert(client('rotated', 'a'.repeat(64)));
    await cache.findById('rotated');
    await knexClientStore(elsewhere).replaceSecret('rotated', 'b'.repeat(64), { hash: null, expiresAt: null }, 2);
    now = 499;
    expect((await cache.findById('rotated'))?.clientSecretHash).toBe('a'.repeat(64));
    now = 1000;
    expect((await cache.findById('rotated'))?.clientSecretHash).toBe('b'.repeat(64));
  });

  it('sees a deletion by another connection through the background check after refreshAfterMs', async () => {
    const cache = cachedClientStore(knexClientStore(here), bounds, clock);
    await cache.insert(client('deleted'));
    await cache.findById('deleted');
    await knexClientStore(elsewhere).delete('deleted');
    now = 600;
    await cache.findById('deleted');
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await cache.findById('deleted')).toBeUndefined();
  });

  it('is emptied at once by a write through itself, and holds at most maxEntries clients', async () => {
    const cache = cachedClientStore(knexClientStore(here), bounds, clock);
    for (const id of ['a', 'b', 'c', 'd']) await cache.insert(client(id));
    for (const id of ['a', 'b', 'c']) await cache.findById(id);
    await cache.delete('a');
    expect(await cache.findById('a')).toBeUndefined();
    for (const id of ['b', 'c', 'd']) await cache.findById(id);
    expect((await clientReads(() => cache.findById('b'))).reads).toBe(0);
    // Written elsewhere: this cache learns of it only at its next check, and the clock stands still.
    await knexClientStore(elsewhere).insert(client('e'));
    expect((await clientReads(() => cache.findById('e'))).reads).toBe(1);
    expect((await clientReads(() => cache.findById('b'))).reads).toBe(1);
  });
});
