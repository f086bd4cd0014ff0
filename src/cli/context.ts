import type { Knex } from 'knex';
import { Config, loadConfig } from '../config/index.js';
import { ensureDevelopmentKek } from '../config/development-kek.js';
import { createLogger } from '../logging.js';
import { openLatchkey, OpenedLatchkey } from '../open-latchkey.js';
import { openDatabase } from '../store/database.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The CLI reports database errors itself, so Knex's own warnings go to stderr only when debugging. */
function cliDatabaseLog(debug: boolean) {
  const log = (message: string): void => void (debug && process.stderr.write(`${message}\n`));
  return { warn: log, error: log };
}

/**
 * What commands need, opened on first use with the server's settings and rules,
 * and closed once at the end so the process can exit.
 */
export class CliContext {
  private loadedConfig: Config | undefined;
  private database: Knex | undefined;
  private composed: Promise<OpenedLatchkey> | undefined;
  private key: Buffer | undefined;

  constructor(private readonly env: Env) {}

  config(): Config {
    this.loadedConfig ??= loadConfig(this.env);
    return this.loadedConfig;
  }

  /** The key-encryption key, by the same rule as the server: configured, or `LATCHKEY_DATA_DIR/kek` outside production. */
  kek(): Buffer {
    const config = this.config();
    this.key ??= config.kek ?? ensureDevelopmentKek(config.dataDir);
    return this.key;
  }

  /** The database pool, without any migration check (for `latchkey migrate`). */
  db(): Knex {
    this.database ??= openDatabase(this.config().databaseUrl, cliDatabaseLog(this.env.LATCHKEY_DEBUG === '1'));
    return this.database;
  }

  /** The composed services after the schema check: production refuses pending migrations, development and test apply them. */
  latchkey(): Promise<OpenedLatchkey> {
    this.composed ??= openLatchkey(this.config(), { db: this.db(), kek: this.kek(), logger: createLogger('warn', process.stderr) });
    return this.composed;
  }

  async close(): Promise<void> {
    try {
      if (this.composed) await (await this.composed.catch(() => undefined))?.close();
    } finally {
      await this.database?.destroy();
    }
  }
}
