import { cliEnv, expectOneLineError, runCli, runJson, unique } from './run-cli.js';

const env = cliEnv();

type ApiJson = {
  id: string;
  identifier: string;
  name: string;
  scopes: string[];
  access_token_ttl_s: number | null;
  resource_server_client_id: string | null;
};

// Issue 12 §1: `latchkey apis`, the registered APIs whose identifiers are the audiences of their tokens.
describe('latchkey apis', () => {
  // Eleven CLI processes one after the other.
  it('creates, lists, shows, updates and deletes an API, its scopes shown by `scopes list`', async () => {
    const read = `${unique('notes')}:read`;
    const write = `${unique('notes')}:write`;
    // The first command alone: on a fresh database it applies the migrations (test settings).
    await runJson(env, ['scopes', 'create', read]);
    const [, { client_id: rs }] = await Promise.all([
      runJson(env, ['scopes', 'create', write]),
      runJson<{ client_id: string }>(env, ['clients', 'create', '--name', 'Notes API', '--resource-server', '--grant', 'client_credentials', '--scope', '']),
    ]);
    const identifier = `https://${unique('notes')}.example/api`;

    const created = await runJson<ApiJson>(env, ['apis', 'create', '--identifier', identifier, '--name', 'Notes API', '--scope', read, '--scope', write, '--access-token-ttl', '10m', '--resource-server-client', rs]);
    expect(created).toMatchObject({ identifier, name: 'Notes API', scopes: [read, write].sort(), access_token_ttl_s: 600, resource_server_client_id: rs });
    expect((await runJson<ApiJson[]>(env, ['apis', 'list'])).map((a) => a.identifier)).toContain(identifier);
    const [shown, scopes] = await Promise.all([runJson<ApiJson>(env, ['apis', 'show', identifier]), runJson<{ name: string; api?: string }[]>(env, ['scopes', 'list'])]);
    expect(shown).toEqual(created);
    expect(scopes.find((s) => s.name === read)).toMatchObject({ api: identifier });
    expect(scopes.find((s) => s.name === 'read')).not.toHaveProperty('api');

    const updated = await runJson<ApiJson>(env, ['apis', 'update', identifier, '--scope', read, '--access-token-ttl', 'default', '--resource-server-client', 'none']);
    expect(updated).toMatchObject({ scopes: [read], access_token_ttl_s: null, resource_server_client_id: null });

    const app = await runJson<{ client_id: string; default_resource?: string }>(env, ['clients', 'create', '--name', 'Notes app', '--grant', 'client_credentials', '--scope', read, '--default-resource', identifier]);
    expect(app.default_resource).toBe(identifier);
    const refused = await runCli(env, ['apis', 'delete', identifier]);
    expect(expectOneLineError(refused, 1)).toMatch(/still has scopes/);
    await runJson(env, ['apis', 'update', identifier, '--no-scopes']);
    expect(expectOneLineError(await runCli(env, ['apis', 'delete', identifier]), 1)).toMatch(/default API of client/);
    expect(await runJson(env, ['clients', 'update', app.client_id, '--default-resource', ''])).not.toHaveProperty('default_resource');
    expect(await runJson(env, ['apis', 'delete', identifier])).toEqual({ identifier, deleted: true });
    expect(expectOneLineError(await runCli(env, ['apis', 'show', identifier]), 1)).toBe(`latchkey: no such API: ${identifier}`);
  }, 120_000);

  it('refuses what would make audiences ambiguous', async () => {
    const scope = `${unique('cal')}:read`;
    await runJson(env, ['scopes', 'create', scope]);
    const { client_id: plain } = await runJson<{ client_id: string }>(env, ['clients', 'create', '--name', 'Not a resource server', '--grant', 'client_credentials', '--scope', '']);
    const first = `https://${unique('cal')}.example`;
    await runJson(env, ['apis', 'create', '--identifier', first, '--name', 'Calendar', '--scope', scope]);
    const second = `https://${unique('cal')}.example`;
    const runs = await Promise.all([
      runCli(env, ['apis', 'create', '--identifier', first, '--name', 'Again']),
      runCli(env, ['apis', 'create', '--identifier', second, '--name', 'Taken scope', '--scope', scope]),
      runCli(env, ['apis', 'create', '--identifier', second, '--name', 'OIDC', '--scope', 'openid']),
      runCli(env, ['apis', 'create', '--identifier', `${second}#frag`, '--name', 'Fragment']),
      runCli(env, ['apis', 'create', '--identifier', 'calendar', '--name', 'Relative']),
      runCli(env, ['apis', 'create', '--identifier', second, '--name', 'Unknown scope', '--scope', unique('nope')]),
      runCli(env, ['apis', 'create', '--identifier', second, '--name', 'Long', '--access-token-ttl', '2d']),
      runCli(env, ['apis', 'create', '--identifier', second, '--name', 'Plain client', '--resource-server-client', plain]),
    ]);
    expect(expectOneLineError(runs[0]!, 1)).toMatch(/exists/);
    expect(expectOneLineError(runs[1]!, 1)).toMatch(new RegExp(`scope ${scope} is for API ${first}`));
    expect(expectOneLineError(runs[2]!, 1)).toMatch(/openid is for the built-in API only/);
    expect(expectOneLineError(runs[3]!, 1)).toMatch(/fragment/);
    expect(expectOneLineError(runs[4]!, 1)).toMatch(/not an absolute URI/);
    expect(expectOneLineError(runs[5]!, 1)).toMatch(/no such scope/);
    expect(expectOneLineError(runs[6]!, 1)).toMatch(/between 60 s and 86400 s/);
    expect(expectOneLineError(runs[7]!, 1)).toMatch(/is not a resource server/);
    expect((await runJson<ApiJson[]>(env, ['apis', 'list'])).some((a) => a.identifier === second)).toBe(false);
  }, 120_000);
});

// Issue 12 §2: `latchkey exchange-policies`, what each client may exchange (RFC 8693).
describe('latchkey exchange-policies', () => {
  it('creates, lists and deletes a policy, refusing what cannot work', async () => {
    const scope = `${unique('back')}:read`;
    await runJson(env, ['scopes', 'create', scope]);
    const identifier = `https://${unique('back')}.example`;
    const tokenExchange = 'urn:ietf:params:oauth:grant-type:token-exchange';
    const [, { client_id: front }, { client_id: plain }] = await Promise.all([
      runJson(env, ['apis', 'create', '--identifier', identifier, '--name', 'Back API', '--scope', scope]),
      runJson<{ client_id: string }>(env, ['clients', 'create', '--name', 'Front API', '--resource-server', '--grant', tokenExchange, '--scope', '']),
      runJson<{ client_id: string }>(env, ['clients', 'create', '--name', 'No exchange', '--grant', 'client_credentials', '--scope', '']),
    ]);
    const base = ['exchange-policies', 'create', '--client', front, '--subject-client', 'any', '--resource', identifier];
    const created = await runJson<{ id: string }>(env, [...base, '--max-scope', scope, '--delegation', '--max-depth', '2']);
    expect(created).toMatchObject({ client_id: front, subject_client_id: 'any', resource: identifier, max_scope: scope, mode: 'delegation', max_depth: 2, any_audience: false });
    expect((await runJson<{ id: string }[]>(env, ['exchange-policies', 'list'])).map((p) => p.id)).toContain(created.id);

    const runs = await Promise.all([
      runCli(env, [...base, '--max-scope', 'read']),
      runCli(env, ['exchange-policies', 'create', '--client', plain, '--subject-client', 'any', '--resource', identifier, '--max-scope', scope]),
      runCli(env, [...base, '--max-scope', scope, '--delegation', '--impersonation']),
      runCli(env, [...base, '--max-scope', scope, '--max-depth', '9']),
      runCli(env, ['exchange-policies', 'create', '--client', front, '--subject-client', 'any', '--resource', 'https://nowhere.example', '--max-scope', scope]),
    ]);
    expect(expectOneLineError(runs[0]!, 1)).toMatch(/scope read is not a scope of/);
    expect(expectOneLineError(runs[1]!, 1)).toMatch(/must be confidential and registered for token exchange/);
    expect(expectOneLineError(runs[2]!, 2)).toMatch(/exclude each other/);
    expect(expectOneLineError(runs[3]!, 1)).toMatch(/--max-depth must be 0 to 5/);
    expect(expectOneLineError(runs[4]!, 1)).toMatch(/no such API/);

    expect(await runJson(env, ['exchange-policies', 'delete', created.id])).toEqual({ id: created.id, deleted: true });
    expect(expectOneLineError(await runCli(env, ['exchange-policies', 'delete', created.id]), 1)).toBe(`latchkey: no such exchange policy: ${created.id}`);
  }, 120_000);
});
