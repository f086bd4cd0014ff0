import { randomUUID } from 'node:crypto';
import { registerClient, registerUser, startTestServer, type TestServer } from '../../helpers/test-server.js';
import { passwordAuthentication } from '../../../src/domain/authentication.js';

// On the test database of the run (SQLite, or MySQL in `npm run test:mysql`): the one-statement check must mean the same on both.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('isRevoked: the deny list, the grant and the client in one statement (RFC 7009 §2)', () => {
  it('is true exactly when the jti is denied, the grant family is revoked or gone, or the client is gone', async () => {
    const { lk } = server;
    const { client } = await registerClient(lk, { grantTypes: ['password', 'refresh_token'], firstParty: true });
    const { user } = await registerUser(lk);
    const start = () => lk.storage.transaction((stores) => lk.refreshTokens.startGrant(stores, { clientId: client.clientId, userId: user.id, scopes: ['read'], authentication: passwordAuthentication(Date.now()), resources: [] }, () => new Error('disabled')));
    const live = await start();
    const revoked = await start();
    await lk.refreshTokens.revokeGrant(revoked.grantId, 'test');
    const deniedJti = randomUUID();
    await lk.storage.revokedAccessTokens.insert({ jti: deniedJti, clientId: client.clientId, expiresAt: Date.now() + 60_000, revokedAt: Date.now() });
    const check = (jti: string, grantId: string | undefined, clientId = client.clientId) => lk.storage.revokedAccessTokens.isRevoked({ jti, grantId, clientId });

    expect(await check(randomUUID(), live.grantId)).toBe(false);
    // A grant that does not exist was deleted with its user or client: clean-up keeps grants as long as their tokens.
    expect(await check(randomUUID(), randomUUID())).toBe(true);
    expect(await check(randomUUID(), revoked.grantId)).toBe(true);
    expect(await check(deniedJti, live.grantId)).toBe(true);
    expect(await check(deniedJti, randomUUID())).toBe(true);
    expect(await check(randomUUID(), undefined)).toBe(false);
    expect(await check(deniedJti, undefined)).toBe(true);
    expect(await check(randomUUID(), undefined, randomUUID())).toBe(true);
    expect(await check(randomUUID(), live.grantId, randomUUID())).toBe(true);
  });
});
