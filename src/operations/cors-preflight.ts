import { corsHeaders, type CorsPolicy } from '../http/cors.js';
import type { OperationDefinition } from '../http/operation.js';
import type { ClientStore } from '../store/clients.js';

/** OPTIONS preflight: 204, with the CORS headers when the origin is allowed (never with credentials). */
export function corsPreflight(policy: CorsPolicy, deps: { clients: ClientStore }): OperationDefinition<undefined, never> {
  return {
    async handle({ origin }) {
      const allowed = policy === 'registered-origins' && origin ? await deps.clients.allowedOrigins() : new Set<string>();
      return { status: 204, headers: { ...corsHeaders(policy, origin, allowed, true), 'Cache-Control': '', Pragma: '' } };
    },
  };
}
