import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onServerDatabase, testDatabaseUrl, testKek } from '../helpers/test-database.js';

/** What one CLI process did. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export const repoRoot = join(__dirname, '..', '..');

/** The server's settings for one test file: its own SQLite file (or the shared server database) and data folder. */
export function cliEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    DATABASE_URL: testDatabaseUrl(),
    LATCHKEY_KEK: testKek,
    LATCHKEY_DATA_DIR: mkdtempSync(join(tmpdir(), 'latchkey-cli-')),
    ...overrides,
  };
}

/** Runs `latchkey ARGS` from the TypeScript source as a real process, with `input` on stdin (empty by default). */
export function runCli(env: Record<string, string>, args: string[], input = '', entry = ['--import', 'tsx', 'src/cli/main.ts']): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [...entry, ...args], { cwd: repoRoot, env }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ status, stdout, stderr });
    });
    child.stdin?.end(input);
  });
}

/** Runs a command with `--json`, expects success and exactly one line of JSON, and returns it parsed. */
export async function runJson<T = Record<string, unknown>>(env: Record<string, string>, args: string[], input = ''): Promise<T> {
  const run = await runCli(env, [...args, '--json'], input);
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  expect(run.stdout.endsWith('\n')).toBe(true);
  expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
  return JSON.parse(run.stdout) as T;
}

/** Expects a failure reported as one `latchkey: ...` line on stderr and nothing on stdout; returns that line. */
export function expectOneLineError(run: CliRun, status: number): string {
  expect({ status: run.status, stdout: run.stdout }).toEqual({ status, stdout: '' });
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^latchkey: \S/);
  return lines[0] as string;
}

/** A name no other test (or earlier run on the shared server database) has used. */
export const unique = (prefix: string): string => `${prefix}-${randomBytes(5).toString('hex')}`;

/**
 * Expects a listing unchanged by refused commands. The shared server database may
 * gain rows from other test runs meanwhile, so there every earlier row must
 * still be there, unchanged.
 */
export function expectUnchanged<T extends Record<string, unknown>>(before: T[], after: T[], key: keyof T): void {
  const byKey = (rows: T[]) => new Map(rows.map((row) => [row[key], row]));
  if (!onServerDatabase) expect(byKey(after)).toEqual(byKey(before));
  else expect([...byKey(before)].map(([k]) => byKey(after).get(k))).toEqual([...byKey(before).values()]);
}
