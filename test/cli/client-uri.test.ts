import { cliEnv, expectOneLineError, runCli, runJson, unique } from './run-cli.js';

const env = cliEnv();

describe('latchkey clients --client-uri', () => {
  it('is stored by create, shown by show, changed and cleared by update, and must be https', async () => {
    const created = await runJson<{ client_id: string; client_uri?: string }>(env, [
      'clients', 'create', '--name', unique('notes'), '--grant', 'authorization_code', '--scope', 'openid',
      '--redirect-uri', 'https://notes.example/cb', '--client-uri', 'https://notes.example/',
    ]);
    expect(created.client_uri).toBe('https://notes.example/');
    expect(await runJson(env, ['clients', 'show', created.client_id])).toMatchObject({ client_uri: 'https://notes.example/' });
    const text = await runCli(env, ['clients', 'show', created.client_id]);
    expect(text.stdout).toMatch(/^client_uri: +https:\/\/notes\.example\/$/m);

    expect(await runJson(env, ['clients', 'update', created.client_id, '--client-uri', 'https://www.notes.example/app'])).toMatchObject({ client_uri: 'https://www.notes.example/app' });
    expect(await runJson(env, ['clients', 'update', created.client_id, '--client-uri', ''])).not.toHaveProperty('client_uri');

    const refused = await runCli(env, ['clients', 'update', created.client_id, '--client-uri', 'http://notes.example/']);
    expect(expectOneLineError(refused, 1)).toBe('latchkey: client URI must be https (http only on loopback): http://notes.example/');
  });
});
