import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliEnv, expectOneLineError, runCli, runJson } from './run-cli.js';

describe('latchkey migrate', () => {
  it('applies pending migrations, then says it is up to date', async () => {
    const env = cliEnv();
    const first = await runJson<{ applied: string[] }>(env, ['migrate']);
    expect(Array.isArray(first.applied)).toBe(true);
    expect(await runJson(env, ['migrate'])).toEqual({ applied: [] });
    expect(await runCli(env, ['migrate'])).toEqual({ status: 0, stdout: 'up to date\n', stderr: '' });
  });

  it('in production, other commands refuse a database with pending migrations until `latchkey migrate` ran', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-cli-prod-'));
    const env = cliEnv({ NODE_ENV: 'production', LATCHKEY_ISSUER: 'https://auth.example.com', DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}` });
    expect(expectOneLineError(await runCli(env, ['clients', 'list']), 1)).toMatch(/pending\): run `latchkey migrate`$/);
    const migrated = await runCli(env, ['migrate']);
    expect({ status: migrated.status, stderr: migrated.stderr }).toEqual({ status: 0, stderr: '' });
    expect(migrated.stdout).toMatch(/^applied 001-initial-schema\n(applied [\w-]+\n)*$/);
    expect(await runJson(env, ['clients', 'list'])).toEqual([]);
  });
});
