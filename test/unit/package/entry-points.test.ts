import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The package's entry points stay light (issue 13 §1): an app that imports `latchkey/resource-server`
 * or `latchkey/client` loads none of the server's modules (Express, Knex, database drivers, argon2).
 * The module graph is read from a fresh Node process that loads only the entry point.
 */
const root = join(__dirname, '../../..');
const serverModules = /[\\/]node_modules[\\/](express|express-openapi-validator|knex|mysql2|better-sqlite3|pg|argon2|ioredis|pino)[\\/]/;

function modulesLoadedBy(entry: string): string[] {
  const script = `require(${JSON.stringify(join(root, entry))}); process.stdout.write(JSON.stringify(Object.keys(require.cache)))`;
  const output = execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: root, encoding: 'utf8' });
  return JSON.parse(output) as string[];
}

describe.each([
  ['latchkey/resource-server', 'src/resource-server/index.ts'],
  ['latchkey/client', 'src/client.ts'],
])('%s', (_name, entry) => {
  it('loads no server module', () => {
    const loaded = modulesLoadedBy(entry);
    expect(loaded.some((file) => file.endsWith(entry))).toBe(true);
    expect(loaded.filter((file) => serverModules.test(file))).toEqual([]);
  });
});

it('the check sees a server module when one is loaded', () => {
  expect(modulesLoadedBy('src/store/database.ts').filter((file) => serverModules.test(file)).length).toBeGreaterThan(0);
});
