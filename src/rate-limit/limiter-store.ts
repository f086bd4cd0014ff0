import Redis from 'ioredis';
import type { Logger } from 'pino';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';

/** Builds one limiter: `points` per `durationS`, in memory or shared in Redis. */
export interface LimiterStore {
  limiter(name: string, points: number, durationS: number): RateLimiterAbstract;
  /** Resolves once the shared store is usable or known to be down (bounded, so a request never waits long). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** Each process counts on its own: the default, and right for a single process. */
export function memoryStore(): LimiterStore {
  return {
    limiter: (name, points, duration) => new RateLimiterMemory({ keyPrefix: name, points, duration }),
    ready: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

/** A memory limiter that reports each use: it only answers when Redis did not. */
class InsuranceLimiter extends RateLimiterMemory {
  constructor(
    options: ConstructorParameters<typeof RateLimiterMemory>[0],
    private readonly onUse: () => void,
  ) {
    super(options);
  }

  override consume(...args: Parameters<RateLimiterMemory['consume']>): ReturnType<RateLimiterMemory['consume']> {
    this.onUse();
    return super.consume(...args);
  }

  override penalty(...args: Parameters<RateLimiterMemory['penalty']>): ReturnType<RateLimiterMemory['penalty']> {
    this.onUse();
    return super.penalty(...args);
  }

  override reward(...args: Parameters<RateLimiterMemory['reward']>): ReturnType<RateLimiterMemory['reward']> {
    this.onUse();
    return super.reward(...args);
  }

  override get(...args: Parameters<RateLimiterMemory['get']>): ReturnType<RateLimiterMemory['get']> {
    this.onUse();
    return super.get(...args);
  }
}

/** How long the first request waits for the first connection before counting in memory. */
const connectWaitMs = 1000;

/**
 * One Redis connection shared by every limiter, so that several processes
 * enforce one limit. Redis being down never fails a request: each limiter has
 * a memory limiter as insurance, and the outage is logged once (and its end
 * once), however often the client retries. Connecting waits for the first use,
 * so commands that never count (the CLI) never connect.
 */
export function redisStore(url: string, prefix: string, logger: Logger): LimiterStore {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 1000,
    // Closing while Redis is down would otherwise hold the process for ioredis's default 2 s.
    disconnectTimeout: 200,
  });
  let degraded = false;
  const fellBack = (reason: unknown): void => {
    if (degraded) return;
    degraded = true;
    const message = reason instanceof Error ? reason.message : String(reason);
    logger.warn({ redis: message }, 'Redis is unreachable: rate limits fall back to counting in this process until it is back');
  };
  client.on('error', fellBack);
  client.on('ready', () => {
    if (!degraded) return;
    degraded = false;
    logger.info('Redis is reachable again: rate limits are shared again');
  });
  let connecting: Promise<void> | undefined;
  const ready = (): Promise<void> => {
    connecting ??= new Promise<void>((resolve) => {
      const waited = setTimeout(resolve, connectWaitMs);
      client
        .connect()
        .catch(fellBack)
        .finally(() => {
          clearTimeout(waited);
          resolve();
        });
    });
    return connecting;
  };
  return {
    limiter(name, points, duration) {
      // The insurance also answers when a command fails on an open connection (a timeout): that is an outage too.
      const insurance = new InsuranceLimiter({ keyPrefix: name, points, duration }, () => fellBack(new Error(`a command failed while the connection was ${client.status}`)));
      return new RateLimiterRedis({
        storeClient: client,
        keyPrefix: `${prefix}rl:${name}`,
        points,
        duration,
        insuranceLimiter: insurance,
        rejectIfRedisNotReady: true,
      });
    },
    ready,
    async close() {
      if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
      else client.disconnect();
    },
  };
}
