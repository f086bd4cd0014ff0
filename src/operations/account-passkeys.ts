import type { Answer, Operation, OperationRequest, OperationResponse } from '../http/operation.js';
import type { BodyOf } from '../http/operation-types.js';
import { pageResponse, seeOther } from '../interaction/page-response.js';
import { renderPasskeyNewPage } from '../interaction/pages/passkey-new-page.js';
import { renderRecoveryCodesPage } from '../interaction/pages/index.js';
import { passkeyName } from '../services/second-factors.js';
import { freshOrSignInAgain, signedIn, type AccountFactorDependencies, type Signed } from './account-factors.js';

const paths = { account: '/account', register: '/account/passkeys' } as const;

async function newPasskeyPage(deps: AccountFactorDependencies, signed: Signed, extra: { name?: string; error?: string } = {}): Promise<OperationResponse> {
  // The challenge is bound to this session (its id hash): another browser cannot answer it.
  const options = await deps.secondFactors.ceremonies.registrationOptions(signed.user, signed.session.idHash);
  return pageResponse(200, (nonce) =>
    renderPasskeyNewPage({ nonce, ui: signed.ui, csrfToken: signed.session.csrfToken, options, action: paths.register, cancelHref: paths.account, ...extra }),
  );
}

/** GET /account/passkeys/new: the name field and "Create passkey" (fresh sign-in needed). */
export function getAccountPasskeyNew(deps: AccountFactorDependencies): Operation<'getAccountPasskeyNew'> {
  return {
    page: true,
    rateLimit: 'address',
    async handle(request): Answer<'getAccountPasskeyNew'> {
      const signed = await signedIn(deps, request, false);
      if (!('user' in signed)) return signed;
      // An IP address as RP ID: browsers would refuse the ceremony (WebAuthn §5.1.3).
      if (!deps.secondFactors.ceremonies.offered) return seeOther(paths.account);
      const again = await freshOrSignInAgain(deps, signed, request.meta);
      if (again) return again;
      return newPasskeyPage(deps, signed);
    },
  };
}

/** POST /account/passkeys: the registration response; the passkey is stored, and the first recovery codes shown if it is the first factor. */
export function postAccountPasskeys(deps: AccountFactorDependencies): Operation<'postAccountPasskeys'> {
  return {
    page: true,
    rateLimit: 'address',
    async handle(request: OperationRequest<BodyOf<'postAccountPasskeys'>>): Answer<'postAccountPasskeys'> {
      const signed = await signedIn(deps, request, true);
      if (!('user' in signed)) return signed;
      const { t } = signed.ui.text;
      const name = passkeyName(request.body?.name, t('account.passkeyDefaultName'));
      const registered = await deps.secondFactors.registerPasskey(signed.user, signed.session.idHash, request.body?.credential ?? '', name, request.meta);
      if (registered.kind === 'refused') return newPasskeyPage(deps, signed, { name, error: t('account.passkeyRefused') });
      if (!registered.recoveryCodes) return seeOther(`${paths.account}?passkey=added`);
      const codes = registered.recoveryCodes;
      return pageResponse(200, (nonce) => renderRecoveryCodesPage({ nonce, ui: signed.ui, codes, notice: t('account.passkeyRegistered'), doneHref: paths.account }));
    },
  };
}

/** POST /account/passkeys/rename: a new name for one of the user's passkeys. */
export function postAccountPasskeyRename(deps: AccountFactorDependencies): Operation<'postAccountPasskeyRename'> {
  return {
    page: true,
    rateLimit: 'address',
    async handle(request: OperationRequest<BodyOf<'postAccountPasskeyRename'>>): Answer<'postAccountPasskeyRename'> {
      const signed = await signedIn(deps, request, true);
      if (!('user' in signed)) return signed;
      const name = passkeyName(request.body?.name, signed.ui.text.t('account.passkeyDefaultName'));
      const renamed = await deps.secondFactors.renamePasskey(signed.user.id, request.body?.passkey_id ?? '', name, request.meta);
      return seeOther(renamed ? `${paths.account}?passkey=renamed` : paths.account);
    },
  };
}

/** POST /account/passkeys/remove: removes one of the user's passkeys (fresh sign-in needed). */
export function postAccountPasskeyRemove(deps: AccountFactorDependencies): Operation<'postAccountPasskeyRemove'> {
  return {
    page: true,
    rateLimit: 'address',
    async handle(request: OperationRequest<BodyOf<'postAccountPasskeyRemove'>>): Answer<'postAccountPasskeyRemove'> {
      const signed = await signedIn(deps, request, true);
      if (!('user' in signed)) return signed;
      const again = await freshOrSignInAgain(deps, signed, request.meta);
      if (again) return again;
      const removed = await deps.secondFactors.removePasskey(signed.user.id, request.body?.passkey_id ?? '', request.meta);
      return seeOther(removed ? `${paths.account}?passkey=removed` : paths.account);
    },
  };
}
