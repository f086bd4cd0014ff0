import type { Answer, Operation, OperationRequest } from '../http/operation.js';
import type { BodyOf } from '../http/operation-types.js';
import { csrfTokenMatches } from '../interaction/csrf.js';
import { errorPage, pageResponse, seeOther } from '../interaction/page-response.js';
import { describeScope } from '../interaction/scope-text.js';
import { negotiatedUi, renderAccountPage, type Brand, type PageUi } from '../interaction/pages/index.js';
import { activeUserOfToken, userMayReceiveTokens } from '../services/account-state.js';
import type { Auditor, RequestMeta } from '../services/audit.js';
import type { BrowserSessions } from '../services/browser-sessions.js';
import type { Consents } from '../services/consents.js';
import type { SecondFactors } from '../services/second-factors.js';
import type { Stores } from '../store/index.js';

/** What consent management needs. */
export interface AccountDependencies {
  sessions: BrowserSessions;
  consents: Consents;
  stores: Pick<Stores, 'users' | 'scopes'>;
  auditor: Auditor;
  brand: Brand;
  secondFactors: Pick<SecondFactors, 'summary' | 'ceremonies'>;
}

/** Where the account page's second-factor forms post (see account-factors.ts). */
const factorActions = {
  totpAction: '/account/totp',
  removeTotpAction: '/account/totp/remove',
  recoveryCodesAction: '/account/recovery-codes',
  renamePasskeyAction: '/account/passkeys/rename',
  removePasskeyAction: '/account/passkeys/remove',
};

/** The page's notice for the outcome of the last form, from the redirect's query. */
function noticeOf(ui: PageUi, query: { revoked?: string; mfa?: string; passkey?: string }): string | undefined {
  if (query.revoked === '1') return ui.text.t('account.revoked');
  if (query.mfa === 'removed') return ui.text.t('account.totpRemoved');
  if (query.passkey === 'added') return ui.text.t('account.passkeyRegistered');
  if (query.passkey === 'renamed') return ui.text.t('account.passkeyRenamed');
  if (query.passkey === 'removed') return ui.text.t('account.passkeyRemoved');
  return undefined;
}

async function revokeGrant(deps: AccountDependencies, userId: string, clientId: string, meta: RequestMeta): Promise<boolean> {
  const revoked = await deps.consents.revoke(userId, clientId);
  if (revoked) await deps.auditor.record({ event: 'consent.revoked', outcome: 'success', subject: userId, clientId }, meta);
  return revoked;
}

/** GET /account: the apps the signed-in user has authorised, each with a revoke button. */
export function getAccount(deps: AccountDependencies): Operation<'getAccount'> {
  return {
    page: true,
    async handle({ cookies, query, headers }): Answer<'getAccount'> {
      const ui = negotiatedUi(deps.brand, undefined, headers['accept-language']);
      const session = await deps.sessions.resolve(cookies.session);
      if (!session) return seeOther('/login');
      const [user, consents, scopes, factors] = await Promise.all([
        deps.stores.users.findById(session.userId),
        deps.consents.list(session.userId),
        deps.stores.scopes.list(),
        deps.secondFactors.summary(session.userId),
      ]);
      if (!userMayReceiveTokens(user)) return seeOther('/login');
      const describe = (name: string) => describeScope(ui, name, scopes);
      const grants = consents.map((c) => ({ clientId: c.clientId, clientName: c.clientName, scopes: c.scopes.map(describe), grantedAt: new Date(c.updatedAt) }));
      const notice = noticeOf(ui, query);
      const passkeys = factors.passkeys.map((p) => ({ id: p.id, name: p.name, synced: p.synced, createdAt: new Date(p.createdAt), ...(p.lastUsedAt === null ? {} : { lastUsedAt: new Date(p.lastUsedAt) }) }));
      const view = { ...(factors.totp ? { totpSince: new Date(factors.totp.enrolledAt) } : {}), totpPending: factors.totpPending, recoveryCodesLeft: factors.recoveryCodes.left, passkeys };
      return pageResponse(200, (nonce) =>
        renderAccountPage({ nonce, ui, csrfToken: session.csrfToken, username: user.username, ...(user.name ? { name: user.name } : {}), grants, revokeAction: '/account/revoke', logoutAction: '/logout', ...(notice ? { notice } : {}), factors: { view, actions: deps.secondFactors.ceremonies.offered ? { ...factorActions, newPasskeyHref: '/account/passkeys/new' } : factorActions } }),
      );
    },
  };
}

/** POST /account/revoke: removes the consent and revokes the app's refresh tokens (and so its access tokens). */
export function postAccountRevoke(deps: AccountDependencies): Operation<'postAccountRevoke'> {
  return {
    page: true,
    async handle(request: OperationRequest<BodyOf<'postAccountRevoke'>>): Answer<'postAccountRevoke'> {
      const { body, cookies, meta } = request;
      const session = await deps.sessions.resolve(cookies.session);
      if (!session) return seeOther('/login');
      if (request.repeatedParams?.length || !csrfTokenMatches(body.csrf_token, session.csrfToken)) {
        const ui = negotiatedUi(deps.brand, undefined, request.headers['accept-language']);
        return errorPage(ui, 403, ui.text.t('error.form'), meta.requestId);
      }
      const revoked = body.client_id ? await revokeGrant(deps, session.userId, body.client_id, meta) : false;
      return seeOther(revoked ? '/account?revoked=1' : '/account');
    },
  };
}

/** GET /account/grants: the same list for the token's user, as JSON. */
export function listAccountGrants(deps: AccountDependencies): Operation<'listAccountGrants'> {
  return {
    bearer: { scopes: ['account'] },
    async handle({ accessToken }): Answer<'listAccountGrants'> {
      const user = await activeUserOfToken(deps.stores.users, accessToken);
      const consents = await deps.consents.list(user.id);
      return { status: 200, body: consents.map((c) => ({ client_id: c.clientId, client_name: c.clientName, scope: c.scopes.join(' '), granted_at: Math.floor(c.updatedAt / 1000) })) };
    },
  };
}

/** DELETE /account/grants/{client_id}: revoke an app's access for the token's user. */
export function revokeAccountGrant(deps: AccountDependencies): Operation<'revokeAccountGrant'> {
  return {
    bearer: { scopes: ['account'] },
    async handle({ accessToken, path, meta }): Answer<'revokeAccountGrant'> {
      const user = await activeUserOfToken(deps.stores.users, accessToken);
      const clientId = path.client_id ?? '';
      if (!(await revokeGrant(deps, user.id, clientId, meta))) {
        return { status: 404, body: { error: 'invalid_request', error_description: 'The user has not authorised this app.' } };
      }
      return { status: 204 };
    },
  };
}
