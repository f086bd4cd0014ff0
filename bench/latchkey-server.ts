// Latchkey as production starts it (see src/main.ts), for the benchmark: configuration from
// the environment, refuse pending migrations (bench/run.ts migrates before spawning this, as an
// operator runs `latchkey migrate`), compose, keystore reloading on, listen on 127.0.0.1.
import { createServer } from 'node:http';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/index.js';
import { composeLatchkey } from '../src/latchkey.js';
import { createLogger } from '../src/logging.js';
import { openDatabase } from '../src/store/database.js';
import { pendingMigrations } from '../src/store/migrate.js';
import { listenAndAnnounce, stopOnSignal } from './child-ipc.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.kek) throw new Error('LATCHKEY_KEK is required');
  const logger = createLogger(config.logLevel);
  const db = openDatabase(config.databaseUrl);
  const pending = await pendingMigrations(db);
  if (pending.length) throw new Error(`pending migrations: ${pending.join(', ')}`);
  const lk = await composeLatchkey({ config, db, logger, kek: config.kek });
  const server = createServer(createApp(lk));
  lk.keystore.startReloading((error) => logger.error({ err: error }, 'keystore reload failed'));
  stopOnSignal(server, async () => {
    lk.keystore.stopReloading();
    await db.destroy();
  });
  await listenAndAnnounce(server, config.port, {
    nodeEnv: config.nodeEnv,
    validateResponses: config.validateResponses,
    logLevel: config.logLevel,
    issuer: config.issuer,
    database: config.databaseUrl.startsWith('mysql:') ? 'mysql' : 'sqlite',
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`latchkey-server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
