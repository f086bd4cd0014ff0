import { createServer, type Server } from 'node:http';
import express from 'express';
import { accessTokenOf, type ResourceServer } from '../../../src/resource-server/index.js';
import { listen, type Answer } from './helpers.js';

export const MFA = 'urn:latchkey:acr:mfa';
export const PWD = 'urn:latchkey:acr:pwd';
/** The fixed clock of the step-up tests, epoch milliseconds. */
export const NOW_MS = 1_800_000_000_000;
export const NOW_S = NOW_MS / 1000;

/**
 * A protected API: `/sensitive` needs `read` and the multi-factor level or `phr`; `/recent` needs `read`
 * and a sign-in at most 300 s old; `/both` needs all three. Each echoes the token's sign-in facts.
 */
export async function startStepUpApi(rs: ResourceServer): Promise<{ url: string; server: Server }> {
  const app = express();
  const echo: express.RequestHandler = (_req, res) => {
    const { sub, acr, amr, authTime } = accessTokenOf(res);
    res.json({ sub, acr, amr, authTime });
  };
  app.get('/sensitive', rs.requireToken({ scopes: ['read'], acr: [MFA, 'phr'] }), echo);
  app.get('/recent', rs.requireToken({ scopes: ['read'], maxAge: 300 }), echo);
  app.get('/both', rs.requireToken({ scopes: ['read'], acr: [MFA], maxAge: 300 }), echo);
  const server = createServer(app);
  return { url: await listen(server), server };
}

const CHALLENGE = 'Bearer realm="latchkey", error="insufficient_user_authentication"';

/** The exact RFC 9470 §3 answer for a description and the challenge's requirement parameters. */
export function stepUpAnswer(description: string, requirement: string): Answer {
  return {
    status: 401,
    wwwAuthenticate: `${CHALLENGE}, error_description="${description}", ${requirement}`,
    retryAfter: null,
    body: { error: 'insufficient_user_authentication', error_description: description },
  };
}

export const LEVEL = 'A different authentication level is required.';
export const RECENT = 'More recent authentication is required.';
