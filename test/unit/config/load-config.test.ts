import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/index.js';
import { configError } from '../../helpers/config-error.js';

const kek = randomBytes(32);
const kekB64 = kek.toString('base64');
const kekB64Url = kek.toString('base64url');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-config-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadConfig defaults', () => {
  it('uses the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      issuer: 'http://localhost:3000',
      audience: 'http://localhost:3000',
      databaseUrl: 'sqlite:./data/latchkey.sqlite',
      redisUrl: undefined,
      kek: undefined,
      dataDir: './data',
      accessTokenTtlS: 900,
      refreshReuseGraceS: 0,
      jwksMaxAgeS: 300,
      demoBootstrap: true,
      validateResponses: true,
      logLevel: 'info',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', LATCHKEY_ISSUER: '', DATABASE_URL: '', LATCHKEY_KEK: '', LATCHKEY_DEMO_BOOTSTRAP: '' })).toMatchObject({
      port: 3000,
      issuer: 'http://localhost:3000',
      databaseUrl: 'sqlite:./data/latchkey.sqlite',
      kek: undefined,
      demoBootstrap: true,
    });
  });

  it('derives the default issuer from PORT, and the audience from the issuer', () => {
    expect(loadConfig({ PORT: '8080' })).toMatchObject({ port: 8080, issuer: 'http://localhost:8080', audience: 'http://localhost:8080' });
    expect(loadConfig({ LATCHKEY_ISSUER: 'https://id.example.com/' })).toMatchObject({ issuer: 'https://id.example.com', audience: 'https://id.example.com' });
    expect(loadConfig({ LATCHKEY_ISSUER: 'https://id.example.com/tenant' })).toMatchObject({ issuer: 'https://id.example.com/tenant' });
    expect(loadConfig({ LATCHKEY_AUDIENCE: 'https://api.example.com' }).audience).toBe('https://api.example.com');
  });

  it('derives the admin audience from the issuer, and refuses one equal to LATCHKEY_AUDIENCE', () => {
    expect(loadConfig({ LATCHKEY_ISSUER: 'https://id.example.com/' }).adminAudience).toBe('https://id.example.com/admin');
    expect(loadConfig({ LATCHKEY_ADMIN_AUDIENCE: 'urn:example:admin' }).adminAudience).toBe('urn:example:admin');
    expect(() => loadConfig({ LATCHKEY_AUDIENCE: 'urn:example:api', LATCHKEY_ADMIN_AUDIENCE: 'urn:example:api' })).toThrow('LATCHKEY_ADMIN_AUDIENCE: must differ from LATCHKEY_AUDIENCE');
    expect(() => loadConfig({ LATCHKEY_ISSUER: 'https://id.example.com', LATCHKEY_AUDIENCE: 'https://id.example.com/admin' })).toThrow('LATCHKEY_ADMIN_AUDIENCE');
  });

  it('accepts PORT 0 and 65535, and both KEK alphabets', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
    expect(loadConfig({ PORT: '65535' }).port).toBe(65535);
    expect(loadConfig({ LATCHKEY_KEK: kekB64 }).kek).toEqual(kek);
    expect(loadConfig({ LATCHKEY_KEK: kekB64Url }).kek).toEqual(kek);
    expect(loadConfig({ DATABASE_URL: 'mysql://u:p@db:3306/latchkey' }).databaseUrl).toBe('mysql://u:p@db:3306/latchkey');
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/latchkey' }).databaseUrl).toBe('postgres://u:p@db:5432/latchkey');
    expect(loadConfig({ DATABASE_URL: 'postgresql://u:p@db/latchkey' }).databaseUrl).toBe('postgresql://u:p@db/latchkey');
  });

  it('keeps the default SQLite file in LATCHKEY_DATA_DIR, as the settings table says', () => {
    expect(loadConfig({ LATCHKEY_DATA_DIR: '/srv/latchkey' }).databaseUrl).toBe('sqlite:/srv/latchkey/latchkey.sqlite');
    expect(loadConfig({ LATCHKEY_DATA_DIR: '/srv/latchkey', DATABASE_URL: 'sqlite:/elsewhere.sqlite' }).databaseUrl).toBe('sqlite:/elsewhere.sqlite');
  });

  it.each([
    ['1', true],
    ['TRUE', true],
    ['yes', true],
    ['on', true],
    ['0', false],
    ['False', false],
    ['no', false],
    ['OFF', false],
  ])('reads the boolean %s as %s', (raw, expected) => {
    expect(loadConfig({ LATCHKEY_DEMO_BOOTSTRAP: raw }).demoBootstrap).toBe(expected);
    expect(loadConfig({ LATCHKEY_VALIDATE_RESPONSES: raw }).validateResponses).toBe(expected);
  });
});

describe('loadConfig refuses bad values, naming the setting', () => {
  it.each<[string, Record<string, string>, string]>([
    ['PORT=abc', { PORT: 'abc' }, 'PORT'],
    ['PORT=70000', { PORT: '70000' }, 'PORT'],
    ['PORT=-1', { PORT: '-1' }, 'PORT'],
    ['PORT=80.5', { PORT: '80.5' }, 'PORT'],
    ['PORT=1e3', { PORT: '1e3' }, 'PORT'],
    ['an ftp issuer', { LATCHKEY_ISSUER: 'ftp://x' }, 'LATCHKEY_ISSUER'],
    ['a database URL of an unknown kind', { DATABASE_URL: 'mssql://u:p@db/latchkey' }, 'DATABASE_URL'],
    ['an issuer that is not a URL', { LATCHKEY_ISSUER: 'id.example.com' }, 'LATCHKEY_ISSUER'],
    ['an issuer with a query', { LATCHKEY_ISSUER: 'https://id.example.com/?tenant=a' }, 'LATCHKEY_ISSUER'],
    ['an issuer with a fragment', { LATCHKEY_ISSUER: 'https://id.example.com/#x' }, 'LATCHKEY_ISSUER'],
    ['a KEK of 16 bytes', { LATCHKEY_KEK: randomBytes(16).toString('base64') }, 'LATCHKEY_KEK'],
    ['a KEK of 33 bytes', { LATCHKEY_KEK: randomBytes(33).toString('base64') }, 'LATCHKEY_KEK'],
    ['a KEK that is not base64', { LATCHKEY_KEK: 'this is not base64 at all!!' }, 'LATCHKEY_KEK'],
    ['a KEK in hex', { LATCHKEY_KEK: kek.toString('hex').replace(/[0-9]/g, 'g') }, 'LATCHKEY_KEK'],
    ['LATCHKEY_DEMO_BOOTSTRAP=maybe', { LATCHKEY_DEMO_BOOTSTRAP: 'maybe' }, 'LATCHKEY_DEMO_BOOTSTRAP'],
    ['LATCHKEY_VALIDATE_RESPONSES=2', { LATCHKEY_VALIDATE_RESPONSES: '2' }, 'LATCHKEY_VALIDATE_RESPONSES'],
    ['NODE_ENV=staging', { NODE_ENV: 'staging' }, 'NODE_ENV'],
    ['a REDIS_URL with the wrong scheme', { REDIS_URL: 'http://cache:6379' }, 'REDIS_URL'],
    ['LATCHKEY_ACCESS_TOKEN_TTL_S below 30', { LATCHKEY_ACCESS_TOKEN_TTL_S: '29' }, 'LATCHKEY_ACCESS_TOKEN_TTL_S'],
    ['LATCHKEY_JWKS_MAX_AGE_S above a day', { LATCHKEY_JWKS_MAX_AGE_S: '86401' }, 'LATCHKEY_JWKS_MAX_AGE_S'],
    ['LATCHKEY_REFRESH_REUSE_GRACE_S above 300', { LATCHKEY_REFRESH_REUSE_GRACE_S: '301' }, 'LATCHKEY_REFRESH_REUSE_GRACE_S'],
    ['LATCHKEY_LOG_LEVEL=verbose', { LATCHKEY_LOG_LEVEL: 'verbose' }, 'LATCHKEY_LOG_LEVEL'],
  ])('%s', (_label, env, setting) => {
    const error = configError(env);
    expect(error.setting).toBe(setting);
    expect(error.message.startsWith(`${setting}: `)).toBe(true);
  });

  it('never puts the KEK value in the error message', () => {
    const short = randomBytes(16).toString('base64');
    expect(configError({ LATCHKEY_KEK: short }).message).not.toContain(short);
  });

  it.each([['https://id.example.com?'], ['https://id.example.com/#']])('refuses the issuer %s with an empty query or fragment', (issuer) => {
    expect(configError({ LATCHKEY_ISSUER: issuer }).setting).toBe('LATCHKEY_ISSUER');
  });
});

describe('LATCHKEY_KEK_FILE', () => {
  it('reads the KEK from a file, trimming the trailing newline', () => {
    const file = join(dir, 'kek');
    writeFileSync(file, `${kekB64Url}\n`, { mode: 0o600 });
    expect(loadConfig({ LATCHKEY_KEK_FILE: file }).kek).toEqual(kek);
  });

  it('refuses both LATCHKEY_KEK and LATCHKEY_KEK_FILE', () => {
    const file = join(dir, 'kek-both');
    writeFileSync(file, kekB64);
    const error = configError({ LATCHKEY_KEK: kekB64, LATCHKEY_KEK_FILE: file });
    expect(error.setting).toBe('LATCHKEY_KEK');
    expect(error.message).toMatch(/LATCHKEY_KEK_FILE/);
  });

  it('names LATCHKEY_KEK_FILE when the file cannot be read', () => {
    expect(configError({ LATCHKEY_KEK_FILE: join(dir, 'missing') }).setting).toBe('LATCHKEY_KEK_FILE');
  });

  it('names the setting when the file holds a bad key, without the key', () => {
    const file = join(dir, 'kek-short');
    const short = randomBytes(8).toString('base64');
    writeFileSync(file, short);
    const error = configError({ LATCHKEY_KEK_FILE: file });
    expect(error.setting).toMatch(/^LATCHKEY_KEK/);
    expect(error.message).not.toContain(short);
  });

  it('reads DATABASE_URL_FILE the same way', () => {
    const file = join(dir, 'db-url');
    writeFileSync(file, 'mysql://u:secret@db:3306/latchkey\n');
    expect(loadConfig({ DATABASE_URL_FILE: file }).databaseUrl).toBe('mysql://u:secret@db:3306/latchkey');
  });
});

describe('production posture', () => {
  const production = { NODE_ENV: 'production', LATCHKEY_ISSUER: 'https://id.example.com', LATCHKEY_KEK: kekB64 };

  it('accepts an https issuer with a KEK, with demo data and response validation off by default', () => {
    expect(loadConfig(production)).toMatchObject({ nodeEnv: 'production', issuer: 'https://id.example.com', kek, demoBootstrap: false, validateResponses: false });
  });

  it.each([['http://127.0.0.1:3000'], ['http://localhost:8080'], ['http://[::1]:3000'], ['http://127.1.2.3']])('accepts the loopback http issuer %s', (issuer) => {
    expect(loadConfig({ ...production, LATCHKEY_ISSUER: issuer }).issuer).toBe(issuer);
  });

  it.each<[string, Record<string, string>, string]>([
    ['an http issuer that is not loopback', { LATCHKEY_ISSUER: 'http://id.example.com' }, 'LATCHKEY_ISSUER'],
    ['an http issuer on a private address', { LATCHKEY_ISSUER: 'http://10.0.0.5' }, 'LATCHKEY_ISSUER'],
    ['an http issuer whose host only starts with localhost', { LATCHKEY_ISSUER: 'http://localhost.evil.example' }, 'LATCHKEY_ISSUER'],
    ['an http issuer whose host only starts with 127.', { LATCHKEY_ISSUER: 'http://127.0.0.1.evil.example' }, 'LATCHKEY_ISSUER'],
    ['no issuer (the default is http://localhost:PORT)', { LATCHKEY_ISSUER: '' }, 'LATCHKEY_ISSUER'],
    ['no KEK', { LATCHKEY_KEK: '' }, 'LATCHKEY_KEK'],
    ['demo bootstrap switched on', { LATCHKEY_DEMO_BOOTSTRAP: 'true' }, 'LATCHKEY_DEMO_BOOTSTRAP'],
  ])('refuses %s', (_label, override, setting) => {
    expect(configError({ ...production, ...override }).setting).toBe(setting);
  });

  it('accepts a KEK from LATCHKEY_KEK_FILE in production', () => {
    const file = join(dir, 'kek-prod');
    writeFileSync(file, kekB64);
    const { LATCHKEY_KEK: _unused, ...rest } = production;
    expect(loadConfig({ ...rest, LATCHKEY_KEK_FILE: file }).kek).toEqual(kek);
  });
});
