import { randomToken } from '../crypto/random.js';
import type { Latchkey } from '../latchkey.js';

/** The demo client and user created on a first development start. */
export interface DemoCredentials {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
}

const marker = 'demo_bootstrap';

/** On the very first start only: creates a first-party demo client and a demo user. Returns undefined ever after. */
export async function bootstrapDemo(lk: Pick<Latchkey, 'storage' | 'clients' | 'users' | 'now'>): Promise<DemoCredentials | undefined> {
  if (await lk.storage.meta.get(marker)) return undefined;
  if (!(await lk.storage.meta.setOnce(marker, String(lk.now())))) return undefined;
  const { client, clientSecret } = await lk.clients.create({
    clientName: 'Demo first-party app',
    grantTypes: ['client_credentials', 'password', 'refresh_token'],
    scopes: ['read', 'write'],
    firstParty: true,
  });
  const password = randomToken(12);
  const user = await lk.users.create({ username: 'demo', password, name: 'Demo User', email: 'demo@example.com' });
  return { clientId: client.clientId, clientSecret: clientSecret as string, username: user.username, password };
}
