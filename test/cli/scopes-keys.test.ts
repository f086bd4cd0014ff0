import { cliEnv, expectOneLineError, expectUnchanged, runCli, runJson, unique } from './run-cli.js';

const env = cliEnv();

type KeyJson = { kid: string; alg: string; state: string; activates_at: string; created_at: string };

describe('latchkey scopes', () => {
  it('creates and lists scopes, refusing duplicates and characters outside RFC 6749 §3.3', async () => {
    const name = `${unique('files')}:read`;
    expect(await runJson(env, ['scopes', 'create', name, '--description', 'Read your files'])).toEqual({
      name,
      description: 'Read your files',
      created_at: expect.any(Number),
    });
    const before = await runJson<{ name: string }[]>(env, ['scopes', 'list']);
    expect(before.map((s) => s.name)).toEqual(expect.arrayContaining(['read', 'write', name]));
    const runs = await Promise.all([
      runCli(env, ['scopes', 'create', name]),
      runCli(env, ['scopes', 'create', 'with space']),
      runCli(env, ['scopes', 'create', 'quote"d']),
      runCli(env, ['scopes', 'create']),
    ]);
    expect(expectOneLineError(runs[0]!, 1)).toBe(`latchkey: scope already exists: ${name}`);
    expect(expectOneLineError(runs[1]!, 1)).toMatch(/invalid scope name 'with space'/);
    expect(expectOneLineError(runs[2]!, 1)).toMatch(/invalid scope name/);
    expect(expectOneLineError(runs[3]!, 2)).toBe('latchkey: missing NAME');
    expectUnchanged(before, await runJson<{ name: string }[]>(env, ['scopes', 'list']), 'name');
  });
});

describe('latchkey keys', () => {
  it('lists keys with their state and rotates one or both algorithms, the new keys waiting as next', async () => {
    const initial = await runJson<KeyJson[]>(env, ['keys', 'list']);
    for (const alg of ['ES256', 'RS256']) expect(initial.some((k) => k.alg === alg && k.state === 'active')).toBe(true);

    const [es] = await runJson<KeyJson[]>(env, ['keys', 'rotate', '--alg', 'ES256']);
    expect(es).toEqual({ kid: expect.any(String), alg: 'ES256', state: 'next', activates_at: expect.any(String), created_at: expect.any(String) });
    expect(Date.parse(es!.activates_at)).toBeGreaterThan(Date.now());
    const both = await runJson<KeyJson[]>(env, ['keys', 'rotate']);
    expect(both.map((k) => [k.alg, k.state])).toEqual([['ES256', 'next'], ['RS256', 'next']]);

    const listed = await runJson<KeyJson[]>(env, ['keys', 'list']);
    for (const key of [es!, ...both]) expect(listed.find((k) => k.kid === key.kid)).toEqual(key);
    expect(expectOneLineError(await runCli(env, ['keys', 'rotate', '--alg', 'HS256']), 2)).toMatch(/--alg must be one of ES256, RS256/);
    const identity = (keys: KeyJson[]) => keys.map(({ kid, alg, activates_at }) => ({ kid, alg, activates_at }));
    expectUnchanged(identity(listed), identity(await runJson<KeyJson[]>(env, ['keys', 'list'])), 'kid');
  });
});
