import type { Logger } from 'pino';
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimitSettings } from '../config/index.js';
import { type LimiterStore, memoryStore, redisStore } from './limiter-store.js';

/** Seconds for `Retry-After` (RFC 9110 §10.2.3): a whole number, at least 1. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** One limit over keys (an address, a client id). Methods resolve the seconds to wait when refused. */
export interface Counter {
  /** Counts one request; refused when this one goes over the limit. */
  hit(key: string): Promise<number | undefined>;
  /** Refused when the key has used its whole limit already; counts nothing. */
  blocked(key: string): Promise<number | undefined>;
  /** Counts one failure, never refusing. */
  add(key: string): Promise<void>;
  /** Takes back one counted attempt that turned out not to be a failure. */
  undo(key: string): Promise<void>;
}

const unlimited: Counter = {
  hit: () => Promise.resolve(undefined),
  blocked: () => Promise.resolve(undefined),
  add: () => Promise.resolve(),
  undo: () => Promise.resolve(),
};

function counter(limiter: RateLimiterAbstract, ready: () => Promise<void>): Counter {
  return {
    async hit(key) {
      await ready();
      try {
        await limiter.consume(key);
        return undefined;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return retryAfterSeconds(rejection.msBeforeNext);
        throw rejection;
      }
    },
    async blocked(key) {
      await ready();
      const state = await limiter.get(key);
      return state && state.consumedPoints >= limiter.points ? retryAfterSeconds(state.msBeforeNext) : undefined;
    },
    async add(key) {
      await ready();
      await limiter.penalty(key);
    },
    async undo(key) {
      await ready();
      await limiter.reward(key);
    },
  };
}

/**
 * Every rate limit. Traffic is counted loosely, per minute; failures strictly,
 * per window, and a key over its failure limit is refused even with valid
 * credentials until the window ends.
 */
export interface RateLimits {
  /** Requests per address to the limited endpoints. */
  readonly ipRequests: Counter;
  /** Requests per client id at `/token`, `/introspect`, `/revoke` (a failed authentication is taken back). */
  readonly clientRequests: Counter;
  /** Failed client authentications per (client id, address): see {@link clientAddressKey}. */
  readonly clientAddressAuthFailures: Counter;
  /** Failed client authentications per address, whatever client ids they name. */
  readonly ipAuthFailures: Counter;
  /** Failed sign-ins (login page, password grant) per address. */
  readonly loginIpFailures: Counter;
  /** Failed second factors (TOTP, recovery codes) per address: as many as {@link loginIpFailures}, counted apart. */
  readonly secondFactorIpFailures: Counter;
  close(): Promise<void>;
}

/** The store the limits count in: Redis when `REDIS_URL` is set, else this process's memory. */
export function limiterStoreFor(config: { redisUrl: string | undefined; redisPrefix: string }, logger: Logger): LimiterStore {
  return config.redisUrl ? redisStore(config.redisUrl, config.redisPrefix, logger) : memoryStore();
}

export function createRateLimits(settings: RateLimitSettings, store: LimiterStore): RateLimits {
  const make = (name: string, points: number, durationS: number): Counter =>
    settings.enabled ? counter(store.limiter(name, points, durationS), store.ready) : unlimited;
  const windowS = settings.failureWindowS;
  return {
    ipRequests: make('ip-requests', settings.ipRpm, 60),
    clientRequests: make('client-requests', settings.clientRpm, 60),
    clientAddressAuthFailures: make('client-address-auth-failures', settings.clientAuthFailures, windowS),
    ipAuthFailures: make('ip-auth-failures', settings.ipAuthFailures, windowS),
    loginIpFailures: make('login-ip-failures', settings.loginIpFailures, windowS),
    secondFactorIpFailures: make('second-factor-ip-failures', settings.loginIpFailures, windowS),
    close: () => store.close(),
  };
}
