import { performance } from 'node:perf_hooks';
import type { ClientStore } from './clients.js';
import type { ClientRecord } from '../domain/records.js';

/** How stale the cache may be, in milliseconds of a monotonic clock. */
export interface ClientCacheBounds {
  /** A request after this long since the last check starts a new one in the background. */
  readonly refreshAfterMs: number;
  /**
   * The bound: a cached client is served only while the last completed check of the change counter
   * began less than this long ago; past it, the request waits for a check. A write committed by any
   * process is therefore seen by every other process within this time.
   */
  readonly maxStaleMs: number;
  /** Most clients held; the cache starts afresh when full. */
  readonly maxEntries: number;
}

/** A client change committed anywhere stops being served from any process's cache within 1 s. */
export const defaultClientCacheBounds: ClientCacheBounds = { refreshAfterMs: 500, maxStaleMs: 1000, maxEntries: 10_000 };

function freezeClient(client: ClientRecord): ClientRecord {
  for (const list of [client.grantTypes, client.redirectUris, client.scopes, client.postLogoutRedirectUris, client.allowedOrigins]) Object.freeze(list);
  return Object.freeze(client);
}

/**
 * A {@link ClientStore} that answers `findById` and `allowedOrigins` from memory, so authenticating a
 * known client costs no database round trip. Writes through this store empty the cache at once; writes
 * by other processes (or other connections) are seen through the change counter that every client write
 * bumps in its own transaction, read at most every `refreshAfterMs` and never trusted for longer than
 * `maxStaleMs`. Unknown client ids are not cached (they always ask the database). Records handed out are frozen.
 */
export function cachedClientStore(inner: ClientStore, bounds: ClientCacheBounds = defaultClientCacheBounds, clock: () => number = () => performance.now()): ClientStore {
  let entries = new Map<string, ClientRecord>();
  let origins: Set<string> | undefined;
  /** Bumped on every clear, so a load that began before a clear does not fill the cache with what it read. */
  let generation = 0;
  let knownVersion: number | undefined;
  /** When the last completed check began; -Infinity: never. */
  let checkedAt = Number.NEGATIVE_INFINITY;
  let checking: Promise<void> | undefined;

  const clear = (): void => {
    entries = new Map();
    origins = undefined;
    generation += 1;
  };

  const check = (): Promise<void> => {
    checking ??= (async () => {
      const startedAt = clock();
      try {
        const version = await inner.changeVersion();
        if (version !== knownVersion) clear();
        knownVersion = version;
        checkedAt = startedAt;
      } finally {
        checking = undefined;
      }
    })();
    return checking;
  };

  /** True when the cache may answer now; starts or awaits a check of the change counter as needed. */
  const fresh = async (): Promise<boolean> => {
    const age = clock() - checkedAt;
    if (age < bounds.refreshAfterMs) return true;
    if (age < bounds.maxStaleMs) {
      check().catch(() => undefined);
      return true;
    }
    try {
      await check();
      return true;
    } catch {
      return false;
    }
  };

  const written = async <T>(write: Promise<T>): Promise<T> => {
    try {
      return await write;
    } finally {
      clear();
    }
  };

  return {
    async findById(clientId) {
      if (await fresh()) {
        const hit = entries.get(clientId);
        if (hit) return hit;
      }
      const loading = generation;
      const client = await inner.findById(clientId);
      if (!client) return undefined;
      const frozen = freezeClient(client);
      if (loading === generation) {
        if (entries.size >= bounds.maxEntries) entries = new Map();
        entries.set(clientId, frozen);
      }
      return frozen;
    },
    async allowedOrigins() {
      if ((await fresh()) && origins) return origins;
      const loading = generation;
      const loaded = await inner.allowedOrigins();
      if (loading === generation) origins = loaded;
      return loaded;
    },
    list: () => inner.list(),
    changeVersion: () => inner.changeVersion(),
    insert: (client) => written(inner.insert(client)),
    delete: (clientId) => written(inner.delete(clientId)),
    replaceSecret: (clientId, secretHash, previous, now) => written(inner.replaceSecret(clientId, secretHash, previous, now)),
    updateRegistration: (clientId, registration, now) => written(inner.updateRegistration(clientId, registration, now)),
  };
}
