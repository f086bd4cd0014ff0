import { temporarilyUnavailable } from './errors.js';

/** How long an outbound call (JWKS, introspection) may take before it counts as unavailable. */
export const FETCH_TIMEOUT_MS = 5_000;

/** A parsed JSON response with the headers a caller may need. */
export interface JsonResponse {
  body: unknown;
  headers: Headers;
}

/**
 * Calls `url` with global `fetch` and parses a 200 JSON answer. Network errors, timeouts, other
 * statuses and unparsable bodies all become one `temporarily_unavailable` error whose `cause`
 * keeps the detail for logs; `what` names the service in that detail only.
 */
export async function fetchJson(url: string, init: RequestInit, what: string): Promise<JsonResponse> {
  try {
    const response = await fetch(url, {
      ...init,
      redirect: 'error',
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new Error(`${what} answered HTTP ${response.status}`);
    }
    return { body: await response.json(), headers: response.headers };
  } catch (cause) {
    throw temporarilyUnavailable(cause);
  }
}
