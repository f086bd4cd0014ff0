import type { Answer, Operation } from '../http/operation.js';
import { secretMatches } from '../crypto/random.js';
import type { Metrics } from '../observability/metrics.js';
import { OAuthError } from '../oauth/errors.js';

/** GET /metrics: Prometheus text; off, behind a bearer token, or public, by setting (never public by accident). */
export function getMetrics(deps: { metrics: Metrics; mode: 'off' | 'token' | 'public'; token: string | undefined }): Operation<'getMetrics'> {
  return {
    async handle({ headers }): Answer<'getMetrics'> {
      if (deps.mode === 'off') return { status: 404, body: { error: 'invalid_request', error_description: 'Metrics are switched off.' } };
      if (deps.mode === 'token') {
        const presented = /^Bearer (\S+)$/i.exec(headers.authorization ?? '')?.[1];
        if (!deps.token || !secretMatches(presented, deps.token)) throw new OAuthError('invalid_token', 'A valid metrics token is required.');
      }
      return { status: 200, text: await deps.metrics.registry.metrics(), headers: { 'Content-Type': deps.metrics.registry.contentType } };
    },
  };
}
