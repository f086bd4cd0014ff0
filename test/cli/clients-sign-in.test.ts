import { cliEnv, expectOneLineError, runCli, runJson, unique } from './run-cli.js';

const env = cliEnv();

describe('latchkey clients create: browser sign-in settings', () => {
  it('registers a code-flow client with logout URIs, CORS origins, optional PKCE, implicit and ES256 ID tokens', async () => {
    const created = await runJson(env, [
      'clients', 'create', '--name', unique('spa'), '--grant', 'authorization_code', '--grant', 'refresh_token',
      '--scope', 'openid profile email offline_access read', '--redirect-uri', 'https://app.example/cb',
      '--post-logout-redirect-uri', 'https://app.example/bye', '--allowed-origin', 'https://app.example',
      '--pkce', 'optional', '--implicit', '--id-token-signed-response-alg', 'ES256',
    ]);
    expect(created).toMatchObject({
      grant_types: ['authorization_code', 'refresh_token', 'implicit'],
      response_types: ['code', 'token', 'id_token token'],
      post_logout_redirect_uris: ['https://app.example/bye'],
      allowed_origins: ['https://app.example'],
      pkce_required: false,
      id_token_signed_response_alg: 'ES256',
    });
  });

  it('registers an implicit-only client with --implicit and no --grant; its stored and printed metadata agree (RFC 7591 §2.1)', async () => {
    const created = await runJson<{ client_id: string }>(env, ['clients', 'create', '--name', unique('legacy'), '--implicit', '--public', '--scope', 'openid read', '--redirect-uri', 'https://legacy.example/cb']);
    expect(created).toMatchObject({ grant_types: ['implicit'], response_types: ['token', 'id_token token'] });
    expect(await runJson(env, ['clients', 'show', created.client_id])).toMatchObject({ grant_types: ['implicit'], response_types: ['token', 'id_token token'] });
    const viaGrant = await runJson(env, ['clients', 'create', '--name', unique('legacy'), '--grant', 'implicit', '--public', '--scope', 'read', '--redirect-uri', 'https://legacy.example/cb']);
    expect(viaGrant).toMatchObject({ grant_types: ['implicit'], response_types: ['token', 'id_token token'] });
  });

  it.each([
    ['--pkce sometimes', ['--pkce', 'sometimes'], 2],
    ['--id-token-signed-response-alg HS256', ['--id-token-signed-response-alg', 'HS256'], 2],
    ['an origin with a path', ['--allowed-origin', 'https://app.example/path'], 1],
    ['a plain-http origin', ['--allowed-origin', 'http://app.example'], 1],
    ['a post-logout URI with a fragment', ['--post-logout-redirect-uri', 'https://app.example/bye#x'], 1],
    ['optional PKCE for a public client', ['--pkce', 'optional', '--public'], 1],
  ])('refuses %s with one line', async (_label, extra, status) => {
    const run = await runCli(env, [
      'clients', 'create', '--name', unique('bad'), '--grant', 'authorization_code', '--scope', 'openid', '--redirect-uri', 'https://app.example/cb', ...extra,
    ]);
    expectOneLineError(run, status);
  });

  it('refuses the code flow without a redirect URI', async () => {
    const run = await runCli(env, ['clients', 'create', '--name', unique('bad'), '--grant', 'authorization_code', '--scope', 'openid']);
    expect(expectOneLineError(run, 1)).toMatch(/redirect-uri/);
  });
});

describe('latchkey users verify-email', () => {
  it('marks the email verified', async () => {
    const username = unique('verify');
    await runJson(env, ['users', 'create', '--username', username, '--email', `${username}@example.com`, '--password-stdin'], 'a long enough password\n');
    expect(await runJson(env, ['users', 'verify-email', username])).toMatchObject({ username, email_verified: true });
  });
});
