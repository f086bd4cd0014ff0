import express, { type Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { docsSecurityHeaders, specSecurityHeaders } from './security-headers.js';
import type { SpecDocument } from './spec-document.js';
import { swaggerUiSpec, withIssuer } from './swagger-ui-spec.js';

/** Options of {@link docsRouter}. */
export interface DocsOptions {
  /** LATCHKEY_DOCS: off, neither route exists (both answer 404 like any unknown path). */
  readonly enabled: boolean;
  /** The configured issuer, named in the oauth2 flows of both documents. */
  readonly issuer: string;
}

/** Swagger UI at /docs and the contract at /openapi.yaml: the only routes outside the spec. */
export function docsRouter(spec: SpecDocument, options: DocsOptions): Router {
  const router = express.Router();
  if (!options.enabled) return router;
  const text = withIssuer(spec.text, options.issuer);
  router.get('/openapi.yaml', specSecurityHeaders, (_req, res) => {
    res.type('application/yaml').send(text);
  });
  const ui = swaggerUi.setup(swaggerUiSpec(spec.object, options.issuer), {
    customSiteTitle: 'Latchkey API',
    // No badge from validator.swagger.io: the page loads nothing from elsewhere. The authorization-code
    // flow of the Authorize button sends PKCE, which Latchkey requires (RFC 9700 §2.1.1).
    swaggerOptions: { validatorUrl: null, persistAuthorization: false, usePkceWithAuthorizationCodeGrant: true },
  });
  router.use('/docs', docsSecurityHeaders, swaggerUi.serve, ui);
  return router;
}
