import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testKek } from '../helpers/test-database.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts `src/main.ts`; resolves when it exits or, once it listens, after stopping it with SIGTERM. */
function runMain(env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: join(__dirname, '..', '..'),
      env: { PATH: process.env.PATH ?? '', PORT: '0', LATCHKEY_LOG_LEVEL: 'info', ...env },
    });
    let stdout = '';
    let stderr = '';
    let stopping = false;
    child.stdout.on('data', (d) => {
      stdout += String(d);
      if (!stopping && stdout.includes('Latchkey listening')) {
        stopping = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const dataDir = () => mkdtempSync(join(tmpdir(), 'latchkey-main-'));

describe('process start-up', () => {
  it('creates a demo client and user on the first development start only, printed to the terminal and not the log', async () => {
    const dir = dataDir();
    const env = { NODE_ENV: 'development', LATCHKEY_DATA_DIR: dir, DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}` };
    const first = await runMain(env);
    expect(first.code).toBe(0);
    const secret = /client_secret:\s+(\S+)/.exec(first.stdout)?.[1];
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const logLines = first.stdout.split('\n').filter((l) => l.startsWith('{'));
    expect(logLines.join('\n')).not.toContain(secret);
    const second = await runMain(env);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('client_secret');
  }, 60_000);

  it('never bootstraps demo data under NODE_ENV=test', async () => {
    const dir = dataDir();
    const run = await runMain({ NODE_ENV: 'test', LATCHKEY_DATA_DIR: dir, DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}` });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('client_secret');
  }, 60_000);

  it.each([
    ['no issuer', { LATCHKEY_KEK: testKek }, /^latchkey: LATCHKEY_ISSUER: must be set explicitly in production/],
    ['a plain-http issuer', { LATCHKEY_ISSUER: 'http://auth.example.com', LATCHKEY_KEK: testKek }, /LATCHKEY_ISSUER: must be https/],
    ['a missing KEK', { LATCHKEY_ISSUER: 'https://auth.example.com' }, /LATCHKEY_KEK: is required in production/],
    ['the demo bootstrap on', { LATCHKEY_ISSUER: 'https://auth.example.com', LATCHKEY_KEK: testKek, LATCHKEY_DEMO_BOOTSTRAP: 'true' }, /LATCHKEY_DEMO_BOOTSTRAP/],
  ])('refuses to start in production with %s, with one clear line', async (_label, env, message) => {
    const dir = dataDir();
    const run = await runMain({ NODE_ENV: 'production', DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, ...env });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  }, 60_000);

  it('refuses to start in production on a schema older than the code', async () => {
    const dir = dataDir();
    const run = await runMain({ NODE_ENV: 'production', LATCHKEY_ISSUER: 'https://auth.example.com', LATCHKEY_KEK: testKek, DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}` });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/run `latchkey migrate`/);
  }, 60_000);

  it('refuses to start with a KEK that does not decrypt the stored signing keys, naming `latchkey keys rewrap`', async () => {
    const dir = dataDir();
    const env = { NODE_ENV: 'test', LATCHKEY_DATA_DIR: dir, DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}` };
    expect((await runMain({ ...env, LATCHKEY_KEK: testKek })).code).toBe(0);
    const run = await runMain({ ...env, LATCHKEY_KEK: randomBytes(32).toString('base64') });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^latchkey: LATCHKEY_KEK: does not decrypt the stored signing keys \(key [^)]+\).*`latchkey keys rewrap --old-kek-file OLD --new-kek-file NEW`/);
    expect(run.stderr).not.toMatch(/unable to authenticate data/);
  }, 60_000);

  it('exits 1 naming the setting for a bad value', async () => {
    const run = await runMain({ PORT: 'not-a-port' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^latchkey: PORT: must be a whole number/);
  }, 60_000);
});
