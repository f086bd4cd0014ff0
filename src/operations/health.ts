import type { Keystore } from '../crypto/keystore.js';
import type { Answer, Operation } from '../http/operation.js';

/** GET /healthz: the process answers. */
export function getHealth(): Operation<'getHealth'> {
  return {
    async handle(): Answer<'getHealth'> {
      return { status: 200, body: { status: 'ok' } };
    },
  };
}

/** GET /readyz: the database answers within a second and the signing keys are loaded. */
export function getReadiness(deps: { pingDatabase(): Promise<void>; keystore: Keystore }): Operation<'getReadiness'> {
  return {
    async handle(): Answer<'getReadiness'> {
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref());
      const database = await Promise.race([deps.pingDatabase(), timeout]).then(
        () => 'ok' as const,
        () => 'failing' as const,
      );
      const keys = deps.keystore.isReady() ? ('ok' as const) : ('failing' as const);
      const ready = database === 'ok' && keys === 'ok';
      return {
        status: ready ? 200 : 503,
        body: { status: ready ? 'ready' : 'unavailable', checks: { database, keys } },
        ...(ready ? {} : { headers: { 'Retry-After': '5' } }),
      };
    },
  };
}
