import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Knex } from 'knex';
import { type Config, loadConfig } from '../config/index.js';
import { ensureDevelopmentKek } from '../config/development-kek.js';
import { createLogger } from '../logging.js';
import { openLatchkey, type OpenedLatchkey } from '../open-latchkey.js';
import { openDatabase } from '../store/database.js';
import { CliError } from './errors.js';

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

  /**
   * Outside `migrate`, a missing default SQLite file means the CLI runs in another folder than the
   * server: say so instead of creating an empty database (and a KEK) here.
   */
  assertDatabaseExists(): void {
    if (this.env.DATABASE_URL || this.env.DATABASE_URL_FILE) return;
    const url = this.config().databaseUrl;
    const path = url.slice('sqlite:'.length);
    if (!url.startsWith('sqlite:') || path === ':memory:') return;
    const file = resolve(path);
    if (existsSync(file)) return;
    throw new CliError(
      `no database at ${file} (DATABASE_URL is unset, so the default LATCHKEY_DATA_DIR/latchkey.sqlite of this folder): run where the server runs, set DATABASE_URL or LATCHKEY_DATA_DIR to the server's, or create one here with \`latchkey migrate\``,
    );
  }

  /** The database pool, without any migration check (for `latchkey migrate`). */
  db(): Knex {
    this.database ??= openDatabase(this.config().databaseUrl, cliDatabaseLog(this.env.LATCHKEY_DEBUG === '1'));
    return this.database;
  }

  /** The composed services after the schema check: production refuses pending migrations, development and test apply them. */
  latchkey(): Promise<OpenedLatchkey> {
    this.assertDatabaseExists();
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
