// Baseline for GET /data: a bare Express route doing Latchkey's work and nothing else. It
// verifies the same Latchkey JWT with jose against Latchkey's JWKS (fetched by the parent from
// /jwks.json and passed in BENCH_JWKS), checks the `read` scope, then does the same revocation
// lookup as Latchkey (the deny-list row by jti and the refresh-token family by grant_id, in one
// statement, through knex with the same pool settings on the same database). No request ids,
// security headers, form parsing, OpenAPI validator or error writer.
//
// Baseline for POST /introspect: the same work as Latchkey's for one known client, and nothing
// else: parse the form and the Basic credentials, compare the secret's SHA-256 in constant time
// with the client's (held in memory, as Latchkey's client cache holds it), verify the JWT, and
// the same revocation look-up; answer RFC 7662 JSON.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import express from 'express';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { openDatabase } from '../src/store/database.js';
import { knexRevokedAccessTokenStore } from '../src/store/revoked-access-tokens.js';
import { listenAndAnnounce, stopOnSignal } from './child-ipc.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const items = [
  { id: 1, title: 'First example item' },
  { id: 2, title: 'Second example item' },
];

const sha256 = (value: string): Buffer => createHash('sha256').update(value).digest();

async function main(): Promise<void> {
  const issuer = required('BENCH_ISSUER');
  const audience = process.env.BENCH_AUDIENCE || issuer;
  const getKey = createLocalJWKSet(JSON.parse(required('BENCH_JWKS')) as JSONWebKeySet);
  const db = openDatabase(required('DATABASE_URL'));
  const revoked = knexRevokedAccessTokenStore(db);
  const verifyOptions = {
    issuer,
    audience,
    algorithms: ['ES256'],
    typ: 'at+jwt',
    requiredClaims: ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti'],
  };

  const app = express();
  app.disable('x-powered-by');
  const introspector = { id: process.env.BENCH_INTROSPECT_CLIENT_ID ?? '', hash: sha256(process.env.BENCH_INTROSPECT_CLIENT_SECRET ?? '') };
  app.post('/introspect', express.urlencoded({ extended: false, limit: '16kb' }), async (req, res, next) => {
    try {
      const basic = /^Basic ([A-Za-z0-9+/]+=*)$/.exec(req.headers.authorization ?? '');
      const [id, secret] = Buffer.from(basic?.[1] ?? '', 'base64').toString('utf8').split(':').map((v) => decodeURIComponent(v.replace(/\+/g, ' ')));
      if (id !== introspector.id || !timingSafeEqual(sha256(secret ?? ''), introspector.hash)) {
        res.status(401).set('WWW-Authenticate', 'Basic').json({ error: 'invalid_client' });
        return;
      }
      const token = typeof req.body?.token === 'string' ? req.body.token : '';
      let payload;
      try {
        ({ payload } = await jwtVerify(token, getKey, verifyOptions));
      } catch {
        res.json({ active: false });
        return;
      }
      const grantId = typeof payload.grant_id === 'string' ? payload.grant_id : '';
      if (await revoked.isRevoked({ jti: String(payload.jti), grantId, clientId: String(payload.client_id) })) {
        res.json({ active: false });
        return;
      }
      res.set('Cache-Control', 'no-store').json({ active: true, ...payload, token_type: 'Bearer' });
    } catch (error) {
      next(error);
    }
  });
  app.get('/data', async (req, res, next) => {
    try {
      const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(req.headers.authorization ?? '');
      if (!match?.[1]) {
        res.status(401).set('WWW-Authenticate', 'Bearer').end();
        return;
      }
      let payload;
      try {
        ({ payload } = await jwtVerify(match[1], getKey, verifyOptions));
      } catch {
        res.status(401).set('WWW-Authenticate', 'Bearer error="invalid_token"').end();
        return;
      }
      const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
      if (!scopes.includes('read')) {
        res.status(403).set('WWW-Authenticate', 'Bearer error="insufficient_scope"').end();
        return;
      }
      const grantId = typeof payload.grant_id === 'string' ? payload.grant_id : '';
      if (await revoked.isRevoked({ jti: String(payload.jti), grantId, clientId: String(payload.client_id) })) {
        res.status(401).set('WWW-Authenticate', 'Bearer error="invalid_token"').end();
        return;
      }
      res.json({ items, requested_by: { client_id: payload.client_id, sub: payload.sub } });
    } catch (error) {
      next(error);
    }
  });

  const server = createServer(app);
  stopOnSignal(server, () => db.destroy(), 500);
  await listenAndAnnounce(server, Number(process.env.BENCH_PORT ?? 0), { issuer, audience });
}

main().catch((error: unknown) => {
  process.stderr.write(`jose-route-server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
