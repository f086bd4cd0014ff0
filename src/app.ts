import express, { Express } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { docsRouter } from './http/docs.js';
import { errorWriter } from './http/error-writer.js';
import { applyCors } from './http/cors.js';
import { checkParams, parseForm } from './http/form-parsing.js';
import { mountOperations } from './http/registry.js';
import { assignRequestId, logRequests } from './http/request-context.js';
import { apiSecurityHeaders, hsts, noSniff } from './http/security-headers.js';
import { loadSpec, pagePaths, SpecDocument } from './http/spec-document.js';
import type { Latchkey } from './latchkey.js';
import { refuseMalformedAuthorization } from './operations/authorize.js';
import { authorizeDependencies, operationRegistry } from './operations/index.js';
import { limitRequests, rateLimitErrors } from './rate-limit/index.js';

/** Builds the Express app from a composed server. It never listens: `main.ts` and the tests do. */
export function createApp(lk: Latchkey, spec: SpecDocument = loadSpec()): Express {
  const app = express();
  app.disable('x-powered-by');
  // Token and API responses are never cached, so hashing every body for an ETag is wasted work.
  app.set('etag', false);
  // Whose X-Forwarded-For / -Proto to believe (LATCHKEY_TRUST_PROXY); off, req.ip is the TCP peer and per-IP limits cannot be dodged.
  app.set('trust proxy', typeof lk.config.trustProxy === 'object' ? [...lk.config.trustProxy] : lk.config.trustProxy);
  app.use(assignRequestId);
  app.use(logRequests(lk.logger, lk.metrics));
  app.use(hsts(lk.config.issuer.startsWith('https:')));
  app.use(noSniff);
  app.use(docsRouter(spec, { enabled: lk.config.docs, issuer: lk.config.issuer }));
  app.use(apiSecurityHeaders);
  const pages = pagePaths(spec);
  app.use(parseForm);
  app.use(checkParams(pages));
  app.use(applyCors(() => lk.storage.clients.allowedOrigins()));
  app.use(limitRequests(lk.rateLimits));
  app.use(
    OpenApiValidator.middleware({
      apiSpec: structuredClone(spec.object) as never,
      validateRequests: { allowUnknownQueryParameters: true },
      validateResponses: lk.config.validateResponses
        ? true
        : { onError: (error, body, req) => lk.logger.error({ err: error, path: req.path }, 'response does not match openapi.yaml') },
      validateSecurity: false,
    }),
  );
  mountOperations(app, spec, operationRegistry(lk), (scopes) => lk.resourceServer.requireToken({ scopes: [...scopes] }), { secureCookies: lk.config.secureCookies });
  app.use(rateLimitErrors(lk.rateLimits, pages));
  app.use(errorWriter(lk.logger, pages, { '/authorize': refuseMalformedAuthorization(authorizeDependencies(lk)) }));
  return app;
}
