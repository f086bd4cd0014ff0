import type { ScopeRecord } from '../domain/records.js';
import type { PageUi } from './pages/index.js';
import type { ScopeView } from './pages/components.js';

/** The descriptions the migrations give the built-in scopes; while a scope still has its own, the page shows the catalogue's text. */
const builtInDescriptions = {
  openid: 'Sign you in with your Latchkey account',
  profile: 'See your name and username',
  email: 'See your email address',
  offline_access: 'Stay connected when you are not using the app',
  account: 'See and revoke the apps you have authorised',
} as const;

type BuiltInScope = keyof typeof builtInDescriptions;

function isBuiltIn(name: string): name is BuiltInScope {
  return Object.hasOwn(builtInDescriptions, name);
}

/**
 * How a scope is described on a page: a built-in scope with its shipped description in the page's
 * language and with the brand's name; any other (or an edited one) as the administrator wrote it.
 */
export function describeScope(ui: PageUi, name: string, scopes: readonly ScopeRecord[]): ScopeView {
  const scope = scopes.find((s) => s.name === name);
  if (!scope) return { name, description: name };
  const localized = scope.descriptions[ui.text.locale];
  if (localized) return { name, description: localized };
  if (isBuiltIn(name) && scope.description === builtInDescriptions[name]) {
    return { name, description: ui.text.t(`scope.${name}`, { brand: ui.brand.name }) };
  }
  return { name, description: scope.description };
}
