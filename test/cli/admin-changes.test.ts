import { cliEnv, expectOneLineError, runCli, runJson, unique } from './run-cli.js';

const env = cliEnv();

type ClientJson = Record<string, unknown> & { client_id: string; scope: string; redirect_uris: string[] };
type AuditJson = { event: string; client_id: string | null; detail: Record<string, unknown> | null };

const createWebApp = (scope = 'openid read') =>
  runJson<ClientJson>(env, ['clients', 'create', '--name', unique('app'), '--grant', 'authorization_code', '--scope', scope, '--redirect-uri', 'https://app.example/cb']);

describe('latchkey clients update', () => {
  it('replaces the fields given, keeps the others and the secret, and audits which changed', async () => {
    const created = await createWebApp();
    const { client_secret: _secret, client_secret_expires_at: _expires, ...registered } = created;
    const updated = await runJson<ClientJson>(env, [
      'clients', 'update', created.client_id,
      '--name', 'Renamed App', '--scope', 'openid', '--scope', 'write',
      '--redirect-uri', 'https://app.example/one', '--redirect-uri', 'https://app.example/two',
      '--allowed-origin', 'https://app.example', '--resource-server', 'true',
    ]);
    expect(updated).toEqual({
      ...registered,
      client_name: 'Renamed App',
      scope: 'openid write',
      redirect_uris: ['https://app.example/one', 'https://app.example/two'],
      allowed_origins: ['https://app.example'],
      resource_server: true,
    });
    expect(await runJson(env, ['clients', 'show', created.client_id])).toEqual(updated);
    const [event] = await runJson<AuditJson[]>(env, ['audit', 'list', '--client', created.client_id, '--event', 'client.updated']);
    expect(event?.detail).toEqual({ changed: ['clientName', 'redirectUris', 'scopes', 'resourceServer', 'allowedOrigins'] });
    const text = await runCli(env, ['clients', 'show', created.client_id]);
    for (const field of ['client_name:', 'allowed_origins:', 'pkce_required:', 'post_logout_redirect_uris:', 'id_token_signed_response_alg:', 'updated_at:']) expect(text.stdout).toContain(field);
  });

  it('applies the create rules and refuses a change of kind, changing nothing', async () => {
    const created = await createWebApp();
    const before = await runJson(env, ['clients', 'show', created.client_id]);
    const cases: [string[], number, RegExp][] = [
      [['--redirect-uri', ''], 1, /need at least one --redirect-uri/],
      [['--redirect-uri', 'http://evil.example/cb'], 1, /must be https/],
      [['--scope', 'no-such-scope'], 1, /unknown scope: no-such-scope/],
      [['--grant', 'password'], 1, /requires --first-party/],
      [['--public'], 1, /a confidential client cannot become public/],
      [['--first-party', 'yes'], 2, /--first-party must be true or false/],
      [[], 2, /nothing to change/],
    ];
    for (const [extra, status, message] of cases) expect(expectOneLineError(await runCli(env, ['clients', 'update', created.client_id, ...extra]), status)).toMatch(message);
    expect(expectOneLineError(await runCli(env, ['clients', 'update', 'no-such-client', '--name', 'x']), 1)).toMatch(/no such client/);
    expect(await runJson(env, ['clients', 'show', created.client_id])).toEqual(before);
  });
});

describe('latchkey scopes update / delete', () => {
  it('updates a description, deletes an unused scope, and refuses unknown ones', async () => {
    const name = unique('notes');
    await runJson(env, ['scopes', 'create', name, '--description', 'Read your notes']);
    expect(await runJson(env, ['scopes', 'update', name, '--description', 'Read and search your notes'])).toMatchObject({ name, description: 'Read and search your notes' });
    expect(await runJson(env, ['scopes', 'delete', name])).toEqual({ name, deleted: true, clients_changed: [] });
    expect((await runJson<{ name: string }[]>(env, ['scopes', 'list'])).some((s) => s.name === name)).toBe(false);
    expect(expectOneLineError(await runCli(env, ['scopes', 'update', name, '--description', 'x']), 1)).toMatch(/no such scope/);
    expect(expectOneLineError(await runCli(env, ['scopes', 'delete', name]), 1)).toMatch(/no such scope/);
  });

  it('refuses to delete a scope a client is registered for, unless --force, which removes it from the client', async () => {
    const name = unique('photos');
    await runJson(env, ['scopes', 'create', name]);
    const client = await createWebApp(`openid ${name}`);
    expect(expectOneLineError(await runCli(env, ['scopes', 'delete', name]), 1)).toMatch(new RegExp(`registered for 1 client\\(s\\) \\(${client.client_id}\\): --force`));
    expect((await runJson<ClientJson>(env, ['clients', 'show', client.client_id])).scope).toBe(`openid ${name}`);
    expect(await runJson(env, ['scopes', 'delete', name, '--force'])).toEqual({ name, deleted: true, clients_changed: [client.client_id] });
    expect((await runJson<ClientJson>(env, ['clients', 'show', client.client_id])).scope).toBe('openid');
  });
});
