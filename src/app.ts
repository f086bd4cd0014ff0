import express, { type Express } from 'express';
import { docsRouter } from './http/docs.js';
import { errorWriter, pageErrorWriter } from './http/error-writer.js';
import { applyCors } from './http/cors.js';
import { mountOperations } from './http/registry.js';
import { operationValidator, responseValidation } from './http/request-validator.js';
import { assignRequestId, logRequests } from './http/request-context.js';
import { apiSecurityHeaders, hsts, noSniff } from './http/security-headers.js';
import { defaultSpec, type SpecDocument } from './http/spec-document.js';
import type { Latchkey } from './latchkey.js';
import { operationRegistry } from './operations/index.js';
import { limitRequests, rateLimitErrors } from './rate-limit/index.js';

/** Builds the Express app from a composed server. It never listens: `main.ts` and the tests do. */
export function createApp(lk: Latchkey, spec: SpecDocument = defaultSpec()): Express {
  const app = express();
  app.disable('x-powered-by');
  // Token and API responses are never cached, so hashing every body for an ETag is wasted work.
  app.set('etag', false);
  // Whose X-Forwarded-For / -Proto to believe (LATCHKEY_TRUST_PROXY); off, req.ip is the TCP peer and per-IP limits cannot be dodged.
  app.set('trust proxy', typeof lk.config.trustProxy === 'object' ? [...lk.config.trustProxy] : lk.config.trustProxy);
  // Only what applies to every request; each operation's own steps are mounted by mountOperations.
  app.use(assignRequestId);
  app.use(logRequests(lk.logger, lk.metrics));
  app.use(hsts(lk.config.issuer.startsWith('https:')));
  app.use(noSniff);
  app.use(docsRouter(spec, { enabled: lk.config.docs, issuer: lk.config.issuer }));
  app.use(apiSecurityHeaders);
  const responses = responseValidation(lk.config);
  mountOperations(app, spec, operationRegistry(lk), {
    requireToken: ({ scopes, audience, acr, maxAge }) =>
      (audience === 'admin' ? lk.adminResourceServer : lk.resourceServer).requireToken({ scopes: [...scopes], ...(acr ? { acr: [...acr] } : {}), ...(maxAge === undefined ? {} : { maxAge }) }),
    cors: (policy) => applyCors(policy, () => lk.storage.clients.allowedOrigins()),
    rateLimit: (policy, page) => ({ limit: limitRequests(lk.rateLimits, policy), errors: rateLimitErrors(lk.rateLimits, policy, page, lk.brand) }),
    validate: (operation) => operationValidator(spec, operation, responses, lk.logger),
    pageErrors: pageErrorWriter(lk.logger, lk.brand),
    secureCookies: lk.config.secureCookies,
  });
  app.use(errorWriter(lk.logger));
  return app;
}
