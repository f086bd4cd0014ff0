// Jest's globalSetup runs outside moduleNameMapper, so this file imports no relative `.js` paths.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** Starts from an empty screenshot folder and prints the Chromium version once per run. */
export default async function globalSetup(): Promise<void> {
  const screenshotDir = join(__dirname, 'screenshots');
  mkdirSync(screenshotDir, { recursive: true });
  for (const name of readdirSync(screenshotDir)) if (name.endsWith('.png')) rmSync(join(screenshotDir, name));
  const executablePath = process.env.LATCHKEY_E2E_CHROMIUM ?? '/usr/bin/chromium';
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] }).catch((error: unknown) => {
    throw new Error(`Could not start Chromium at ${executablePath} (apt-get install chromium): ${String(error)}`);
  });
  try {
    const url = process.env.LATCHKEY_TEST_DATABASE_URL ?? '';
    const database = url.startsWith('mysql:') ? 'MySQL' : /^postgres(ql)?:/.test(url) ? 'PostgreSQL' : 'SQLite';
    process.stdout.write(`\ne2e: Chromium ${browser.version()} (${executablePath}), on ${database}\n`);
  } finally {
    await browser.close();
  }
}
