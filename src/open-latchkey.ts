import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from './config/index.js';
import { ensureDevelopmentKek } from './config/development-kek.js';
import { composeLatchkey, type Latchkey } from './latchkey.js';
import { startCleanupTimer } from './lifecycle/cleanup-timer.js';
import { createLogger } from './logging.js';
import type { BeforeAtomicStep } from './services/atomic-step-hook.js';
import { openDatabase } from './store/database.js';
import { ensureSchema } from './store/migrate.js';

/** Options of {@link openLatchkey}; every one has the server's default. */
export interface OpenOptions {
  /** Default: `createLogger(config.logLevel)` on stdout. */
  readonly logger?: Logger;
  /** A pool the caller owns (and closes); default: one opened from `config.databaseUrl` and closed by `close()`. */
  readonly db?: Knex;
  /** Default: `config.kek`, or `LATCHKEY_DATA_DIR/kek` outside production. */
  readonly kek?: Buffer;
  /** Default: `check` in production (pending migrations refuse to start), `apply` elsewhere. */
  readonly migrations?: 'check' | 'apply';
  /** Keystore reloading and the clean-up timer, as a server runs them (default off: CLI and tests). */
  readonly background?: boolean;
  /** Tests: a clock they move by hand. */
  readonly now?: () => number;
  /** Tests only: see {@link BeforeAtomicStep}. */
  readonly beforeAtomicStep?: BeforeAtomicStep;
}

/** A composed Latchkey with the one way to stop it. */
export interface OpenedLatchkey extends Latchkey {
  /** Migrations this start applied (`apply` mode). */
  readonly migrated: readonly string[];
  /** Stops the background work, flushes the audit trail, closes Redis and (if it opened it) the database pool. Idempotent. */
  close(): Promise<void>;
}

/** The one start of every entry point (server, CLI, tests, bench): database, schema rule, keys, services. */
export async function openLatchkey(config: Config, options: OpenOptions = {}): Promise<OpenedLatchkey> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const kek = options.kek ?? config.kek ?? ensureDevelopmentKek(config.dataDir);
  const db = options.db ?? openDatabase(config.databaseUrl, { warn: (m) => logger.warn({ source: 'knex' }, m), error: (m) => logger.error({ source: 'knex' }, m) });
  const closeDb = async (): Promise<void> => void (options.db ? undefined : await db.destroy());
  let lk: Latchkey;
  let migrated: string[];
  try {
    migrated = await ensureSchema(db, options.migrations ?? (config.nodeEnv === 'production' ? 'check' : 'apply'));
    lk = await composeLatchkey({ config, db, logger, kek, now: options.now, beforeAtomicStep: options.beforeAtomicStep });
  } catch (error) {
    await closeDb();
    throw error;
  }
  const stops: (() => void)[] = [];
  if (options.background) {
    lk.keystore.startReloading((error) => logger.error({ err: error }, 'keystore reload failed'));
    stops.push(() => lk.keystore.stopReloading(), startCleanupTimer(lk));
  }
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      for (const stop of stops) stop();
      try {
        await lk.rateLimits.close();
        await lk.auditor.close();
      } finally {
        await closeDb();
      }
    })());
  return Object.assign(lk, { migrated, close });
}
