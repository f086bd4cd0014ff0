import { randomBytes } from 'node:crypto';
import type { CookieInstruction } from '../http/cookies.js';
import type { OperationResponse } from '../http/operation.js';
import type { AuthorizationResponse } from '../oauth/authorization-response.js';
import { renderErrorPage, renderFormPostPage, type PageUi } from './pages/index.js';

/**
 * Page headers: a nonce-based CSP with `frame-ancestors 'none'` (clickjacking),
 * forms only to this origin (and, for form_post, the client), no caching.
 */
function pageHeaders(nonce: string, formTargets: readonly string[]): Record<string, string> {
  const formAction = ["'self'", ...formTargets].join(' ');
  return {
    'Content-Security-Policy': `default-src 'none'; img-src 'self'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}

/**
 * The CSP `form-action` source for an address a form submission may end up at:
 * CSP also checks the redirect that follows a POST, so pages whose forms lead
 * back to the client must allow its origin (or, for native apps, its scheme).
 */
export function formTarget(uri: string): string {
  const url = new URL(uri);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : url.protocol;
}

/** An HTML page rendered with a fresh CSP nonce. */
export function pageResponse(
  status: number,
  render: (nonce: string) => string,
  options: { cookies?: readonly CookieInstruction[]; formTargets?: readonly string[] } = {},
): OperationResponse {
  const nonce = randomBytes(16).toString('base64url');
  return { status, html: render(nonce), headers: pageHeaders(nonce, options.formTargets ?? []), ...(options.cookies ? { cookies: options.cookies } : {}) };
}

/** A 303 to the next page of the sign-in. */
export function seeOther(location: string, cookies: readonly CookieInstruction[] = []): OperationResponse {
  return { status: 303, headers: { Location: location }, cookies };
}

/** The error page for problems the app caused (never a redirect to an unverified URI). */
export function errorPage(ui: PageUi, status: number, description: string, requestId: string | null, cookies: readonly CookieInstruction[] = []): OperationResponse {
  return pageResponse(
    status,
    (nonce) => renderErrorPage({ nonce, ui, title: ui.text.t('error.title'), description, ...(requestId ? { requestId } : {}) }),
    { cookies },
  );
}

/** Delivers an authorization response: a 302 redirect, or the auto-submitting form_post page. */
export function deliver(response: AuthorizationResponse, ui: PageUi, cookies: readonly CookieInstruction[] = []): OperationResponse {
  if (response.kind === 'redirect') return { status: 302, headers: { Location: response.location }, cookies };
  return pageResponse(200, (nonce) => renderFormPostPage({ nonce, ui, redirectUri: response.redirectUri, fields: response.fields }), {
    cookies,
    formTargets: [formTarget(response.redirectUri)],
  });
}
