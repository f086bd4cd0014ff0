import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config/index.js';
import { ensureDevelopmentKek } from './config/development-kek.js';
import { composeLatchkey } from './latchkey.js';
import { createLogger } from './logging.js';
import { bootstrapDemo, DemoCredentials } from './services/demo-bootstrap.js';
import { openDatabase } from './store/database.js';
import { migrateToLatest, pendingMigrations } from './store/migrate.js';
import { startCleanupTimer } from './lifecycle/cleanup-timer.js';
import { drainOnSignal } from './lifecycle/graceful-shutdown.js';

function printDemoCredentials(demo: DemoCredentials, issuer: string): void {
  process.stdout.write(
    [
      '',
      'First start: created a demo client and user. They are shown this once only.',
      `  client_id:     ${demo.clientId}`,
      `  client_secret: ${demo.clientSecret}`,
      `  username:      ${demo.username}`,
      `  password:      ${demo.password}`,
      `Try: curl -u '${demo.clientId}:${demo.clientSecret}' -d grant_type=client_credentials ${issuer}/token`,
      '',
    ].join('\n') + '\n',
  );
}

/** Process entry: config -> database -> migrations -> keys -> app -> listen. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const kek = config.kek ?? ensureDevelopmentKek(config.dataDir);
  const db = openDatabase(config.databaseUrl, { warn: (m) => logger.warn({ source: 'knex' }, m), error: (m) => logger.error({ source: 'knex' }, m) });
  if (config.nodeEnv === 'production') {
    const pending = await pendingMigrations(db);
    if (pending.length) throw new Error(`the database schema is older than this code (${pending.join(', ')} pending): run \`latchkey migrate\``);
  } else {
    await migrateToLatest(db);
  }
  const lk = await composeLatchkey({ config, db, logger, kek });
  if (config.demoBootstrap) {
    const demo = await bootstrapDemo(lk);
    if (demo) printDemoCredentials(demo, config.issuer);
  }
  const server = createServer(createApp(lk));
  lk.keystore.startReloading((error) => logger.error({ err: error }, 'keystore reload failed'));
  const stopCleanup = startCleanupTimer(lk);
  // Signal handlers first, so a SIGTERM right after start-up still drains instead of killing the process.
  drainOnSignal(server, config.shutdownGraceS, async () => {
    lk.keystore.stopReloading();
    stopCleanup();
    await lk.rateLimits.close();
    await lk.auditor.close();
    await db.destroy();
    logger.info('stopped');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, issuer: config.issuer }, `Latchkey listening; API docs at ${config.issuer}/docs`);
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`latchkey: ${message}\n`);
  process.exit(1);
});
