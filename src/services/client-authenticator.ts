import { digestsEqual, sha256Hex } from '../crypto/random.js';
import { invalidClient } from '../oauth/errors.js';
import type { PresentedClient } from '../oauth/client-authentication.js';
import type { ClientRecord } from '../store/records.js';
import type { ClientStore } from '../store/clients.js';
import type { Auditor, RequestMeta } from './audit.js';

const noSecret = sha256Hex('latchkey-no-secret');

function secretMatches(client: ClientRecord | undefined, secret: string, now: number): boolean {
  const presented = sha256Hex(secret);
  const current = digestsEqual(presented, client?.clientSecretHash ?? noSecret);
  const previousValid = client?.previousSecretHash && (client.previousSecretExpiresAt ?? 0) > now;
  const previous = digestsEqual(presented, previousValid ? (client.previousSecretHash as string) : noSecret);
  return client !== undefined && (current || (previousValid === true && previous));
}

/** Checks the presented credentials against the registered client (RFC 6749 §2.3). */
export async function authenticateClient(
  presented: PresentedClient,
  deps: { clients: ClientStore; auditor: Auditor; now: () => number },
  meta: RequestMeta,
): Promise<ClientRecord> {
  const client = await deps.clients.findById(presented.clientId);
  const methodMatches = client?.tokenEndpointAuthMethod === presented.method;
  const secretOk = presented.method === 'none' ? methodMatches : secretMatches(client, presented.secret, deps.now());
  if (client && methodMatches && secretOk) return client;
  await deps.auditor.record(
    {
      event: 'client.authentication_failed',
      outcome: 'failure',
      clientId: client ? client.clientId : null,
      detail: { method: presented.method, reason: !client ? 'unknown_client' : !methodMatches ? 'wrong_method' : 'wrong_secret' },
    },
    meta,
  );
  throw invalidClient();
}
