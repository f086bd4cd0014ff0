import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config/index.js';
import { drainOnSignal } from './lifecycle/graceful-shutdown.js';
import { openLatchkey } from './open-latchkey.js';
import { bootstrapDemo, type DemoCredentials } from './lifecycle/demo-bootstrap.js';

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

/** Process entry: config -> openLatchkey (database, migrations, keys) -> app -> listen. */
async function main(): Promise<void> {
  const config = loadConfig();
  const lk = await openLatchkey(config, { background: true });
  if (config.demoBootstrap) {
    const demo = await bootstrapDemo(lk);
    if (demo) printDemoCredentials(demo, config.issuer);
  }
  const server = createServer(createApp(lk));
  // Signal handlers first, so a SIGTERM right after start-up still drains instead of killing the process.
  drainOnSignal(server, config.shutdownGraceS, async () => {
    await lk.close();
    lk.logger.info('stopped');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  lk.logger.info({ port, issuer: config.issuer }, `Latchkey listening; API docs at ${config.issuer}/docs`);
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`latchkey: ${message}\n`);
  process.exit(1);
});
