import { expectOneLineError, cliEnv, runCli, runJson, unique } from './run-cli.js';

const env = cliEnv();

describe('latchkey scopes --description LOCALE=TEXT', () => {
  it('stores per-locale descriptions beside the default, merges them on update and removes one with LOCALE=', async () => {
    const name = unique('files');
    expect(await runJson(env, ['scopes', 'create', name, '--description', 'Read your files', '--description', 'it=Leggere i tuoi file'])).toMatchObject({
      name,
      description: 'Read your files',
      descriptions: { it: 'Leggere i tuoi file' },
    });
    expect(await runJson(env, ['scopes', 'update', name, '--description', 'IT=Leggere i tuoi documenti'])).toMatchObject({
      description: 'Read your files',
      descriptions: { it: 'Leggere i tuoi documenti' },
    });
    expect(await runJson(env, ['scopes', 'update', name, '--description', 'Read your documents'])).toMatchObject({ description: 'Read your documents', descriptions: { it: 'Leggere i tuoi documenti' } });
    const cleared = await runJson(env, ['scopes', 'update', name, '--description', 'it=']);
    expect(cleared).toMatchObject({ description: 'Read your documents' });
    expect(cleared).not.toHaveProperty('descriptions');
  });

  it('refuses a locale the pages are not written in', async () => {
    const run = await runCli(env, ['scopes', 'create', unique('x'), '--description', 'de=Deine Dateien lesen']);
    expect(expectOneLineError(run, 2)).toBe('latchkey: --description de=: pages are written in en, it only');
  });
});
