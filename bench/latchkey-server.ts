// Latchkey as production starts it (see src/main.ts), for the benchmark: configuration from
// the environment, openLatchkey with the background work on, listen on 127.0.0.1. Production
// refuses to start with pending migrations; bench/run.ts migrates before seeding (as an operator
// runs `latchkey migrate`), and this script applies migrations again so that a migration added to
// the tree between the two (other work in progress) cannot stop the run.
import { createServer } from 'node:http';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/index.js';
import { openLatchkey } from '../src/open-latchkey.js';
import { dialectOf } from '../src/store/database.js';
import { listenAndAnnounce, stopOnSignal } from './child-ipc.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.kek) throw new Error('LATCHKEY_KEK is required');
  const lk = await openLatchkey(config, { background: true, migrations: 'apply' });
  const server = createServer(createApp(lk));
  stopOnSignal(server, () => lk.close(), 2_000);
  await listenAndAnnounce(server, config.port, {
    nodeEnv: config.nodeEnv,
    validateResponses: config.validateResponses,
    logLevel: config.logLevel,
    issuer: config.issuer,
    database: dialectOf(config.databaseUrl),
    ...(lk.migrated.length ? { lateMigrations: lk.migrated } : {}),
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`latchkey-server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
