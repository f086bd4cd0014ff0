// Latchkey as production starts it (see src/main.ts), for the benchmark: configuration from
// the environment, compose, keystore reloading on, listen on 127.0.0.1. Production refuses to
// start with pending migrations; bench/run.ts migrates before seeding (as an operator runs
// `latchkey migrate`), and this script migrates again so that a migration added to the tree
// between the two (other work in progress) cannot stop the run.
import { createServer } from 'node:http';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/index.js';
import { composeLatchkey } from '../src/latchkey.js';
import { createLogger } from '../src/logging.js';
import { openDatabase } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { listenAndAnnounce, stopOnSignal } from './child-ipc.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.kek) throw new Error('LATCHKEY_KEK is required');
  const logger = createLogger(config.logLevel);
  const db = openDatabase(config.databaseUrl);
  const lateMigrations = await migrateToLatest(db);
  const lk = await composeLatchkey({ config, db, logger, kek: config.kek });
  const server = createServer(createApp(lk));
  lk.keystore.startReloading((error) => logger.error({ err: error }, 'keystore reload failed'));
  stopOnSignal(server, async () => {
    lk.keystore.stopReloading();
    await db.destroy();
  }, 2_000);
  await listenAndAnnounce(server, config.port, {
    nodeEnv: config.nodeEnv,
    validateResponses: config.validateResponses,
    logLevel: config.logLevel,
    issuer: config.issuer,
    database: config.databaseUrl.startsWith('mysql:') ? 'mysql' : 'sqlite',
    ...(lateMigrations.length ? { lateMigrations } : {}),
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`latchkey-server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
