import { html, type SafeHtml } from './html.js';

/** A scope as shown to a person. */
export interface ScopeView {
  /** Wire name, e.g. `openid`. */
  name: string;
  /** Plain-language description, e.g. "Know who you are". */
  description: string;
}

/** Returns a form action after checking it is a same-origin path (`/x`, never `//host` or a URL). */
export function samePath(action: string): string {
  if (!/^\/(?![/\\])/.test(action)) throw new TypeError(`Form action must be a same-origin path: ${action}`);
  return action;
}

/** A hidden form field. */
export function hiddenInput(name: string, value: string): SafeHtml {
  return html`<input type="hidden" name="${name}" value="${value}">`;
}

/** The anti-CSRF field every state-changing form carries. */
export function csrfInput(token: string): SafeHtml {
  return hiddenInput('csrf_token', token);
}

/** A square badge with the first letter of an app's name. */
export function appAvatar(name: string, small = false): SafeHtml {
  const initial = Array.from(name.trim())[0]?.toUpperCase() ?? '?';
  return html`<span class="${small ? 'avatar avatar-small' : 'avatar'}" aria-hidden="true">${initial}</span>`;
}

/** Each scope's description, with its wire name in small text. */
export function scopeList(scopes: readonly ScopeView[]): SafeHtml {
  return html`<ul class="scopes">${scopes.map(
    (scope) => html`<li>${scope.description}<code class="scope-name">${scope.name}</code></li>`,
  )}</ul>`;
}
