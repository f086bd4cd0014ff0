import express, { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import type { SpecDocument } from './spec-document.js';

/** Swagger UI at /docs and the contract at /openapi.yaml: the only routes outside the spec. */
export function docsRouter(spec: SpecDocument): Router {
  const router = express.Router();
  // Swagger UI needs its own scripts and styles, so only framing and referrers are restricted here.
  router.use(['/docs', '/openapi.yaml'], (_req, res, next) => {
    res.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });
  router.get('/openapi.yaml', (_req, res) => {
    res.type('application/yaml').send(spec.text);
  });
  const uiSpec = structuredClone(spec.object);
  router.use('/docs', swaggerUi.serve, swaggerUi.setup(uiSpec, { customSiteTitle: 'Latchkey API' }));
  return router;
}
