import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { ResourceServerError, temporarilyUnavailable } from './errors.js';
import { fetchJson } from './fetch-json.js';
import { parseMaxAge } from './max-age.js';
import { RETRY_AFTER_S } from './write-error.js';

/** Cache lifetime when the JWKS response has no `Cache-Control: max-age`. */
export const JWKS_DEFAULT_MAX_AGE_S = 300;
/** Shortest cache lifetime, whatever `max-age` says, so a `max-age=0` cannot cause a fetch per request. */
export const JWKS_MIN_MAX_AGE_S = 30;
/** Longest cache lifetime, so removed keys stop verifying within a day. */
export const JWKS_MAX_MAX_AGE_S = 86_400;
/** Minimum time between the last fetch and a refetch triggered by an unknown `kid`. */
export const JWKS_COOLDOWN_S = 30;

type KeySet = ReturnType<typeof createLocalJWKSet>;

/** Options of {@link JwksCache}. */
export interface JwksCacheOptions {
  /** The JWKS URL. */
  uri: string;
  /** Clock in epoch milliseconds, default `Date.now`. */
  now?: () => number;
}

/**
 * A JWKS cache with one job: hand jose the key for a token header.
 *
 * - The set is fetched lazily with global `fetch` and kept for the response's `max-age`
 *   (default 5 min, clamped to 30 s – 24 h).
 * - An unknown `kid` triggers one refetch, but only if the last fetch started at least
 *   {@link JWKS_COOLDOWN_S} ago, so made-up `kid`s cannot make us hammer the issuer.
 * - Concurrent callers share one in-flight fetch.
 * - A failed fetch rejects with `temporarily_unavailable`, and further fetches are skipped for
 *   the `Retry-After` period; stale keys are not used after their lifetime.
 */
export class JwksCache {
  readonly #uri: string;
  readonly #now: () => number;
  #keys: KeySet | undefined;
  #expiresAt = 0;
  #lastFetchAt = Number.NEGATIVE_INFINITY;
  #failure: { error: ResourceServerError; until: number } | undefined;
  #inFlight: Promise<KeySet> | undefined;

  /** @param options - the JWKS URL and an optional clock */
  constructor(options: JwksCacheOptions) {
    this.#uri = options.uri;
    this.#now = options.now ?? (() => Date.now());
  }

  /** The jose key resolver backed by this cache. */
  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    const keys = await this.#current();
    try {
      return await keys(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || !this.#mayRefetch()) throw error;
    }
    // OpenID Connect Core §10.1.1: a new `kid` signals a key rotation, so look once more.
    const fresh = await this.#refresh();
    return fresh(header, token);
  };

  #current(): Promise<KeySet> {
    if (this.#keys !== undefined && this.#now() < this.#expiresAt) return Promise.resolve(this.#keys);
    return this.#refresh();
  }

  #mayRefetch(): boolean {
    return this.#inFlight !== undefined || this.#now() - this.#lastFetchAt >= JWKS_COOLDOWN_S * 1000;
  }

  #refresh(): Promise<KeySet> {
    if (this.#inFlight !== undefined) return this.#inFlight;
    if (this.#failure !== undefined && this.#now() < this.#failure.until) {
      return Promise.reject(this.#failure.error);
    }
    this.#lastFetchAt = this.#now();
    this.#inFlight = this.#load().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #load(): Promise<KeySet> {
    try {
      const { body, headers } = await fetchJson(
        this.#uri,
        { headers: { accept: 'application/jwk-set+json, application/json' } },
        'JWKS endpoint',
      );
      const keys = createLocalJWKSet(body as JSONWebKeySet);
      const maxAgeS = parseMaxAge(headers.get('cache-control')) ?? JWKS_DEFAULT_MAX_AGE_S;
      const lifetimeS = Math.min(Math.max(maxAgeS, JWKS_MIN_MAX_AGE_S), JWKS_MAX_MAX_AGE_S);
      this.#keys = keys;
      this.#expiresAt = this.#now() + lifetimeS * 1000;
      this.#failure = undefined;
      return keys;
    } catch (cause) {
      const error = cause instanceof ResourceServerError ? cause : temporarilyUnavailable(cause);
      this.#failure = { error, until: this.#now() + RETRY_AFTER_S * 1000 };
      throw error;
    }
  }
}
