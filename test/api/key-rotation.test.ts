import { getData, getJwks, postIntrospect, postToken } from '../../generated/sdk.gen.js';
import { Keystore } from '../../src/crypto/keystore.js';
import { rotateSigningKey } from '../../src/services/key-rotation.js';
import { parseKek } from '../../src/config/index.js';
import { testKek } from '../helpers/test-database.js';
import { jwtHeader, registerClient, startTestServer, testClock, type TestClient, type TestServer } from '../helpers/test-server.js';

const clock = testClock();
let server: TestServer;
let client: TestClient;
beforeAll(async () => {
  server = await startTestServer({ clock, env: { LATCHKEY_JWKS_MAX_AGE_S: '60', LATCHKEY_KEYSTORE_RELOAD_S: '10', LATCHKEY_ACCESS_TOKEN_TTL_S: '300', LATCHKEY_ID_TOKEN_TTL_S: '300' } });
  client = await registerClient(server.lk);
});
afterAll(() => server.close());

const token = async () =>
  (await postToken({ client: server.sdk, body: { grant_type: 'client_credentials' }, headers: { Authorization: client.basic } })).data!.access_token;
const jwksKids = async () => (await getJwks({ client: server.sdk })).data!.keys.map((k) => k.kid);
const active = async (t: string) => (await postIntrospect({ client: server.sdk, body: { token: t }, headers: { Authorization: client.basic } })).data!.active;

describe('signing-key rotation (next -> active -> retired)', () => {
  it('publishes the next key before it signs, signs with it after the lead time, and keeps the old key until its tokens expired', async () => {
    const before = await token();
    const oldKid = jwtHeader(before).kid as string;
    const next = await rotateSigningKey(server.lk.storage.signingKeys, {
      kek: parseKek(testKek),
      alg: 'ES256',
      jwksMaxAgeS: 60,
      keystoreReloadS: 10,
      now: clock.now(),
    });
    expect(next.activatesAt - clock.now()).toBeGreaterThanOrEqual(70_000);
    await server.lk.keystore.reload();

    expect(await jwksKids()).toEqual(expect.arrayContaining([oldKid, next.kid]));
    expect(jwtHeader(await token()).kid).toBe(oldKid);
    expect(server.lk.keystore.stateOf(server.lk.keystore.verificationKey(next.kid)!)).toBe('next');

    clock.advance(next.activatesAt - clock.now() + 1);
    await server.lk.keystore.reload();
    const after = await token();
    expect(jwtHeader(after).kid).toBe(next.kid);
    expect(server.lk.keystore.stateOf(server.lk.keystore.verificationKey(oldKid)!)).toBe('retired');
    expect(await jwksKids()).toContain(oldKid);
    expect(await active(before)).toBe(true);
    expect((await getData({ client: server.sdk, headers: { Authorization: `Bearer ${before}` } })).response.status).toBe(200);

    clock.advance((300 + 60) * 1000 + 1);
    await server.lk.keystore.reload();
    expect(await jwksKids()).not.toContain(oldKid);
    expect(await jwksKids()).toContain(next.kid);
    expect(await active(before)).toBe(false);
  });

  it('keeps private keys encrypted at rest: no private member in the row, and another KEK cannot load them', async () => {
    const rows: { private_jwk_encrypted: string; public_jwk: string }[] = await server.lk.db('signing_keys').select('*');
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) {
      expect(row.private_jwk_encrypted).toMatch(/^v1\./);
      expect(row.private_jwk_encrypted).not.toContain('"d"');
      expect(JSON.parse(row.public_jwk)).not.toHaveProperty('d');
    }
    const wrongKek = new Keystore(server.lk.storage.signingKeys, { kek: Buffer.alloc(32, 7), retireAfterS: 60, reloadIntervalS: 10 });
    await expect(wrongKek.reload()).rejects.toThrow();
  });

  it('holds an ES256 and an RS256 key from the first start', () => {
    expect(server.lk.keystore.signingKey('ES256').alg).toBe('ES256');
    expect(server.lk.keystore.signingKey('RS256').alg).toBe('RS256');
    expect(server.lk.keystore.isReady()).toBe(true);
  });

  it('reloads keys created by another process on its interval', async () => {
    const other = await startTestServer({ env: { LATCHKEY_KEYSTORE_RELOAD_S: '1' } });
    try {
      other.lk.keystore.startReloading(() => undefined);
      const key = await rotateSigningKey(other.lk.storage.signingKeys, { kek: parseKek(testKek), alg: 'ES256', jwksMaxAgeS: 0, keystoreReloadS: 1, now: Date.now() });
      let seen = false;
      for (let i = 0; i < 40 && !seen; i++) {
        await new Promise((r) => setTimeout(r, 100));
        seen = other.lk.keystore.publicJwks().some((k) => k.kid === key.kid);
      }
      expect(seen).toBe(true);
    } finally {
      other.lk.keystore.stopReloading();
      await other.close();
    }
  });
});
