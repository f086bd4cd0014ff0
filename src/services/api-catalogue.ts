import { performance } from 'node:perf_hooks';
import type { ApiRecord, ScopeRecord } from '../domain/records.js';
import type { ApiCatalogue, ApiTarget } from '../oauth/resource-indicators.js';
import type { Stores } from '../store/index.js';

/** The registered APIs as every token path sees them, at most about a second old. */
export interface ApiCatalogueSource {
  /** The catalogue: from memory while the `apis` change counter is unchanged. */
  current(): Promise<ApiCatalogue>;
  /** Forgets the held catalogue, after a write by this process: the next request reads it afresh. */
  invalidate(): void;
  /** The longest access-token lifetime of any API this process has seen (0: none has its own); it never shrinks. */
  longestAccessTokenTtlS(): number;
}

/** How stale the catalogue may be, in milliseconds of a monotonic clock (as the client cache's). */
const refreshAfterMs = 500;
const maxStaleMs = 1000;

/** Builds a catalogue from the rows: the built-in API plus the registered ones, and each scope's API. */
export function catalogueOf(builtIn: ApiTarget, apis: readonly ApiRecord[], scopes: readonly ScopeRecord[]): ApiCatalogue {
  const byId = new Map(apis.map((api) => [api.id, { identifier: api.identifier, name: api.name, accessTokenTtlS: api.accessTokenTtlS }]));
  const byIdentifier = new Map<string, ApiTarget>([[builtIn.identifier, builtIn], ...[...byId.values()].map((api) => [api.identifier, api] as const)]);
  const resourceServerApi = new Map(apis.flatMap((api) => (api.resourceServerClientId === null ? [] : [[api.resourceServerClientId, byId.get(api.id) as ApiTarget] as const])));
  const scopeApi = new Map<string, ApiTarget>();
  for (const scope of scopes) {
    const api = scope.apiId === null ? undefined : byId.get(scope.apiId);
    if (api) scopeApi.set(scope.name, api);
  }
  return {
    builtIn,
    find: (identifier) => byIdentifier.get(identifier),
    apiOf: (scope) => scopeApi.get(scope) ?? builtIn,
    apiOfResourceServer: (clientId) => resourceServerApi.get(clientId) ?? builtIn,
  };
}

/**
 * The catalogue of APIs and scope owners, kept in memory. A change committed by any process (the CLI
 * bumps the `apis` counter in the same transaction) is seen within {@link maxStaleMs}: after
 * {@link refreshAfterMs} a request starts a check in the background, past {@link maxStaleMs} it waits for one.
 */
export function cachedApiCatalogue(stores: Pick<Stores, 'apis' | 'scopes'>, builtIn: ApiTarget, clock: () => number = () => performance.now()): ApiCatalogueSource {
  let held: { version: number; catalogue: ApiCatalogue; checkedAt: number } | undefined;
  let checking: Promise<void> | undefined;
  /** Bumped by {@link ApiCatalogueSource.invalidate}, so a check that began before it keeps nothing it read. */
  let generation = 0;
  let longestTtlS = 0;

  const check = (): Promise<void> => {
    checking ??= (async () => {
      const startedAt = clock();
      const started = generation;
      try {
        const version = await stores.apis.changeVersion();
        if (held?.version === version) {
          held = { ...held, checkedAt: startedAt };
          return;
        }
        const [apis, scopes] = await Promise.all([stores.apis.list(), stores.scopes.list()]);
        longestTtlS = Math.max(longestTtlS, ...apis.map((api) => api.accessTokenTtlS ?? 0));
        if (started === generation) held = { version, catalogue: catalogueOf(builtIn, apis, scopes), checkedAt: startedAt };
      } finally {
        checking = undefined;
      }
    })();
    return checking;
  };

  return {
    async current() {
      const age = held ? clock() - held.checkedAt : Number.POSITIVE_INFINITY;
      if (held && age < refreshAfterMs) return held.catalogue;
      if (held && age < maxStaleMs) {
        // A failed background check is retried by the next request; past the bound, requests wait (and fail) for it.
        check().catch(() => undefined);
        return held.catalogue;
      }
      // A check that began before an invalidation keeps nothing: wait for one that began after it.
      while (!held) await check();
      return held.catalogue;
    },
    longestAccessTokenTtlS: () => longestTtlS,
    invalidate() {
      generation += 1;
      held = undefined;
    },
  };
}
