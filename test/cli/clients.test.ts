import { cliEnv, expectOneLineError, expectUnchanged, runCli, runJson, unique } from './run-cli.js';

const env = cliEnv();

type ClientJson = Record<string, unknown> & { client_id: string; client_name: string };

const listClients = () => runJson<ClientJson[]>(env, ['clients', 'list']);

describe('latchkey clients', () => {
  it('creates a confidential client, lists, shows, rotates its secret and deletes it', async () => {
    const name = unique('billing');
    const created = await runJson<ClientJson>(env, [
      'clients', 'create', '--name', name, '--grant', 'client_credentials', '--grant', 'refresh_token',
      '--scope', 'read write', '--redirect-uri', 'https://app.example/cb', '--resource-server', '--auth-method', 'client_secret_post',
    ]);
    expect(created).toEqual({
      client_id: expect.stringMatching(/^[A-Za-z0-9]{22}$/),
      client_secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      client_secret_expires_at: 0,
      client_name: name,
      grant_types: ['client_credentials', 'refresh_token'],
      response_types: [],
      redirect_uris: ['https://app.example/cb'],
      post_logout_redirect_uris: [],
      scope: 'read write',
      id_token_signed_response_alg: 'RS256',
      allowed_origins: [],
      pkce_required: true,
      token_endpoint_auth_method: 'client_secret_post',
      first_party: false,
      resource_server: true,
      admin: false,
      require_mfa: false,
      client_id_issued_at: expect.any(Number),
    });
    expect(Math.abs((created.client_id_issued_at as number) - Date.now() / 1000)).toBeLessThan(60);
    const { client_secret: secret, client_secret_expires_at: _expires, ...metadata } = created;

    expect((await listClients()).find((c) => c.client_id === created.client_id)).toEqual(metadata);
    expect(await runJson(env, ['clients', 'show', created.client_id])).toEqual(metadata);
    // Client ids from older releases may start with '-': `--` ends the options.
    const afterDashes = await runCli(env, ['clients', 'show', '--json', '--', created.client_id]);
    expect({ status: afterDashes.status, metadata: JSON.parse(afterDashes.stdout) as unknown }).toEqual({ status: 0, metadata });

    const rotated = await runJson<ClientJson>(env, ['clients', 'rotate-secret', created.client_id, '--keep-old-for', '2h']);
    expect(rotated.client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rotated.client_secret).not.toBe(secret);
    expect(Math.abs((rotated.previous_secret_expires_at as number) - (Date.now() / 1000 + 7200))).toBeLessThan(60);

    expect(await runJson(env, ['clients', 'delete', created.client_id])).toEqual({ client_id: created.client_id, deleted: true });
    expect(expectOneLineError(await runCli(env, ['clients', 'show', created.client_id]), 1)).toBe(`latchkey: no such client: ${created.client_id}`);
  });

  it('prints the secret once in text mode, and creates public and first-party clients', async () => {
    const text = await runCli(env, ['clients', 'create', '--name', unique('cron'), '--grant', 'client_credentials', '--scope', 'read']);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/client_secret: [A-Za-z0-9_-]{43}\n.*shown only this once/);

    const spa = await runJson<ClientJson>(env, ['clients', 'create', '--name', unique('spa'), '--grant', 'refresh_token', '--scope', 'read', '--public']);
    expect(spa).not.toHaveProperty('client_secret');
    expect(spa.token_endpoint_auth_method).toBe('none');
    const app = await runJson<ClientJson>(env, ['clients', 'create', '--name', unique('app'), '--grant', 'password', '--scope', 'read', '--first-party']);
    expect(app).toMatchObject({ grant_types: ['password'], first_party: true, token_endpoint_auth_method: 'client_secret_basic' });
    expect(expectOneLineError(await runCli(env, ['clients', 'rotate-secret', spa.client_id]), 1)).toBe('latchkey: public clients have no secret');
    const ops = await runJson<ClientJson>(env, ['clients', 'create', '--name', unique('ops'), '--grant', 'client_credentials', '--scope', '', '--admin']);
    expect(ops).toMatchObject({ admin: true, grant_types: ['client_credentials'] });
    expect(await runJson(env, ['clients', 'update', ops.client_id, '--admin', 'false'])).toMatchObject({ admin: false });
  });

  it('--require-mfa: every sign-in for the client needs a second factor; update turns it off and on (issue 10)', async () => {
    const created = await runJson<ClientJson>(env, [
      'clients', 'create', '--name', unique('mfa'), '--grant', 'authorization_code', '--scope', 'openid', '--redirect-uri', 'https://app.example/cb', '--require-mfa',
    ]);
    expect(created.require_mfa).toBe(true);
    const off = await runJson<ClientJson>(env, ['clients', 'update', created.client_id, '--require-mfa', 'false']);
    expect(off.require_mfa).toBe(false);
    expect((await runJson<ClientJson>(env, ['clients', 'show', created.client_id])).require_mfa).toBe(false);
  });

  it('refuses bad input with one line on stderr and changes nothing', async () => {
    const name = unique('bad');
    const create = (...args: string[]) => ['clients', 'create', '--name', name, '--scope', 'read', ...args];
    const cases: [string[], number, RegExp][] = [
      [create('--grant', 'device_code'), 1, /unknown grant type: device_code/],
      [create('--grant', 'refresh_token', '--redirect-uri', 'not a uri'), 1, /not an absolute URI/],
      [create('--grant', 'refresh_token', '--redirect-uri', 'https://app.example/cb#frag'), 1, /must not have a fragment/],
      [create('--grant', 'password'), 1, /password grant requires --first-party/],
      [create('--grant', 'client_credentials', '--public'), 1, /client_credentials requires a confidential client/],
      [create('--grant', 'refresh_token', '--public', '--auth-method', 'client_secret_basic'), 2, /--public/],
      [create('--grant', 'refresh_token', '--auth-method', 'private_key_jwt'), 2, /--auth-method must be one of/],
      [create('--grant', 'client_credentials', '--scope', 'no-such-scope'), 1, /unknown scope: no-such-scope/],
      [create('--grant', 'client_credentials', '--grant', 'refresh_token', '--admin'), 1, /an admin client must be confidential with the client_credentials grant only/],
      [create('--grant', 'client_credentials', '--colour', 'blue'), 2, /unknown option '--colour'/],
      [['clients', 'create', '--name', name, '--scope', 'read'], 2, /^latchkey: missing required option --grant \(or --implicit\)$/],
      [['clients', 'rotate-secret', 'x', '--keep-old-for', 'soon'], 2, /--keep-old-for must be a duration/],
    ];
    const before = await listClients();
    const runs = await Promise.all(cases.map(([args]) => runCli(env, args)));
    runs.forEach((run, i) => {
      const [, status, message] = cases[i] as (typeof cases)[number];
      expect(expectOneLineError(run, status)).toMatch(message);
    });
    const after = await listClients();
    expectUnchanged(before, after, 'client_id');
    expect(after.filter((c) => c.client_name === name)).toEqual([]);
  });
});
