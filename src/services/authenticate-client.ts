import { digestsEqual, sha256Hex } from '../crypto/random.js';
import { invalidClient } from '../oauth/errors.js';
import type { PresentedClient } from '../oauth/presented-client.js';
import type { ClientRecord } from '../domain/records.js';
import type { ClientStore } from '../store/clients.js';
import type { Auditor, RequestMeta } from './audit.js';

const noSecret = sha256Hex('latchkey-no-secret');

/**
 * Both compares always run, each against a real hash or the `noSecret` stand-in, and their results
 * are combined only afterwards: the time taken must not tell an attacker whether the client exists,
 * whether it has a previous secret still in its rotation overlap, or which of the two matched. A
 * short-circuit (`current || digestsEqual(previous)`) or an early return for an unknown client
 * would leak exactly that. Comparing SHA-256 digests also fixes the compared length.
 */
function secretMatches(client: ClientRecord | undefined, secret: string, now: number): boolean {
  const presented = sha256Hex(secret);
  const current = digestsEqual(presented, client?.clientSecretHash ?? noSecret);
  const previousValid = client?.previousSecretHash && (client.previousSecretExpiresAt ?? 0) > now;
  const previous = digestsEqual(presented, previousValid ? (client.previousSecretHash as string) : noSecret);
  return client !== undefined && (current || (previousValid === true && previous));
}

/** Checks the credentials a request presented (`oauth/presented-client.ts`) against the registered client (RFC 6749 §2.3). */
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
