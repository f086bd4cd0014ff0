import type { CookieInstruction } from '../http/cookies.js';
import type { OperationResponse } from '../http/operation.js';
import { AuthorizationError, type ResponseTarget } from '../oauth/authorization-errors.js';
import type { AuthorizationRequest } from '../oauth/authorization-request.js';
import { responseTargetOf } from '../oauth/authorization-request.js';
import { acrSatisfies } from '../oauth/authentication-levels.js';
import { acrOf, authenticationOf, recentFactors } from '../oauth/authentication-methods.js';
import { requiredLevel, type RequiredLevel } from '../oauth/required-level.js';
import type { AuthenticationFactor } from '../domain/authentication.js';
import { authorizationErrorResponse, authorizationResponse } from '../oauth/authorization-response.js';
import type { RequestMeta } from '../services/audit.js';
import type { AuthorizationCodes } from '../services/authorization-codes.js';
import type { Consents } from '../services/consents.js';
import { TooManyInteractionsError, type InteractionPurpose, type Interactions, type PendingSignIn } from '../services/interactions.js';
import type { RefreshTokens } from '../services/refresh-tokens.js';
import type { TokenIssuance } from '../services/token-issuance.js';
import type { SecondFactors } from '../services/second-factors.js';
import { randomId } from '../crypto/random.js';
import { OAuthError } from '../oauth/errors.js';
import type { TokenTarget } from '../oauth/resource-indicators.js';
import type { ClientRecord, SessionRecord } from '../domain/records.js';
import { rateLimitedPage } from '../rate-limit/rate-limited-page.js';
import { deliver, errorPage, seeOther } from './page-response.js';
import type { PageUi } from './pages/index.js';

/** What the sign-in flow needs. */
export interface FlowDependencies {
  interactions: Interactions;
  consents: Consents;
  codes: AuthorizationCodes;
  refreshTokens: RefreshTokens;
  issuance: TokenIssuance;
  issuer: string;
  interactionTtlS: number;
  now: () => number;
  /** Who has a second factor: it is then asked for at every sign-in. */
  secondFactors: Pick<SecondFactors, 'enrolled'>;
  /** LATCHKEY_MFA=required: every sign-in needs a second factor. */
  mfaRequired: boolean;
}

type AuthorizePurpose = Extract<InteractionPurpose, { kind: 'authorize' }>;

/** Factors that can start a sign-in; a second factor alone never does. */
const firstFactorKinds: ReadonlySet<AuthenticationFactor['kind']> = new Set(['password', 'passkey']);

/** Turns an AuthorizationError into its page or its redirect back to the client. */
export function authorizationErrorOutcome(error: AuthorizationError, issuer: string, requestId: string | null, ui: PageUi, cookies: CookieInstruction[] = []): OperationResponse {
  if (!error.target) return errorPage(ui, 400, error.reason ? ui.text.t(`error.${error.reason}`) : error.description, requestId, cookies);
  return deliver(authorizationErrorResponse(error as AuthorizationError & { target: ResponseTarget }, issuer), ui, cookies);
}

/** The sign-in state machine: login, consent, then a code or tokens back to the client (RFC 6749 §4.1, OIDC Core §3.1.2.3). */
export class AuthorizeFlow {
  constructor(private readonly deps: FlowDependencies) {}

  /** Decides the next step for a validated request and the browser's session. */
  async proceed(purpose: AuthorizePurpose, client: ClientRecord, session: SessionRecord | undefined, meta: RequestMeta, ui: PageUi): Promise<OperationResponse> {
    const target = responseTargetOf(purpose);
    const done = this.completed(purpose);
    const fail = (code: 'login_required' | 'consent_required' | 'interaction_required' | 'unmet_authentication_requirements', description: string) =>
      authorizationErrorOutcome(AuthorizationError.redirect(code, description, target), this.deps.issuer, meta.requestId, ui, done);
    // OpenID Connect Core Unmet Authentication Requirements 1.0 §2: an essential acr that can never be met.
    if ((await this.levelFor(purpose, client, undefined)).kind === 'unmet') return fail('unmet_authentication_requirements', 'The requested authentication level cannot be met.');
    if (this.needsLogin(purpose, session)) {
      // OIDC Core §3.1.2.1: prompt=none must not show any page.
      if (purpose.prompt.includes('none')) return fail('login_required', 'The user is not signed in.');
      return this.interaction({ ...purpose, loginDone: false }, '/login', meta, ui);
    }
    const user = session as SessionRecord;
    const level = await this.levelFor(purpose, client, user.userId);
    if (level.kind === 'unmet') return fail('unmet_authentication_requirements', 'The requested authentication level cannot be met.');
    const factors = purpose.loginDone ? user.factors : recentFactors(user.factors, this.deps.now(), purpose.maxAge);
    if (!acrSatisfies(acrOf(factors), level.acr)) {
      // OIDC Core §3.1.2.6: the user is signed in, but a page (a second factor) is needed.
      if (purpose.prompt.includes('none')) return fail('interaction_required', 'The sign-in needs another factor.');
      if (!factors.some((factor) => firstFactorKinds.has(factor.kind))) return this.interaction({ ...purpose, loginDone: false }, '/login', meta, ui);
      return this.interaction({ ...purpose, loginDone: false, signIn: { userId: user.userId, factors } }, '/login/second-factor', meta, ui);
    }
    const askAgain = purpose.prompt.includes('consent') && !purpose.consentDone && !client.firstParty;
    if (askAgain || !(await this.deps.consents.covers(user.userId, client, purpose.scopes))) {
      if (purpose.prompt.includes('none')) return fail('consent_required', 'The user has not consented to these scopes.');
      return this.interaction({ ...purpose, loginDone: true }, '/consent', meta, ui);
    }
    try {
      return deliver(await this.respond(purpose, client, user, meta), ui, done);
    } catch (error) {
      if (!(error instanceof AuthorizationError)) throw error;
      return authorizationErrorOutcome(error, this.deps.issuer, meta.requestId, ui, done);
    }
  }

  /**
   * The level a sign-in for `purpose` must reach for this user: a second factor when the client or the server
   * requires one or the user has one, raised by the request's `acr_values` or `acr` claim (never lowered).
   */
  async levelFor(purpose: InteractionPurpose, client: ClientRecord | undefined, userId: string | undefined): Promise<RequiredLevel> {
    const requested = purpose.kind === 'authorize' ? purpose.acr : undefined;
    const enrolled = userId === undefined ? undefined : await this.deps.secondFactors.enrolled(userId);
    const policy = {
      secondFactorRequired: this.deps.mfaRequired || client?.requireMfa === true,
      userHasSecondFactor: enrolled !== undefined && (enrolled.totp || enrolled.passkeys > 0 || enrolled.recoveryCodesLeft > 0),
      requested,
      // Before the user is known a passkey sign-in can be offered; once known, only to a user who has one.
      phishingResistantAvailable: enrolled === undefined || enrolled.passkeys > 0,
    };
    return requiredLevel(policy, purpose.kind === 'authorize' && purpose.acrEssential === true);
  }

  /**
   * Whether the sign-in needs another factor before its session starts: `factors` fall short of the level
   * `purpose` needs. A level that cannot be met for this user (`unmet`) needs none: the sign-in goes on,
   * and {@link proceed} answers the app `unmet_authentication_requirements`.
   */
  async needsAnotherFactor(purpose: InteractionPurpose, client: ClientRecord | undefined, userId: string, factors: readonly AuthenticationFactor[]): Promise<boolean> {
    const level = await this.levelFor(purpose, client, userId);
    return level.kind === 'level' && !acrSatisfies(acrOf(factors), level.acr);
  }

  /** Goes on to the second-factor page, carrying the factors given so far (no session exists yet). */
  secondFactorStep(purpose: InteractionPurpose, signIn: PendingSignIn, meta: RequestMeta, ui: PageUi): Promise<OperationResponse> {
    return this.interaction({ ...purpose, signIn }, '/login/second-factor', meta, ui);
  }

  /** A refusal on the consent page (RFC 6749 §4.1.2.1 access_denied). */
  denied(purpose: AuthorizePurpose, meta: RequestMeta, ui: PageUi): OperationResponse {
    const error = AuthorizationError.redirect('access_denied', 'The user denied the request.', responseTargetOf(purpose));
    return authorizationErrorOutcome(error, this.deps.issuer, meta.requestId, ui, this.completed(purpose));
  }

  /**
   * The cookies of a sign-in that has answered the client: the interaction is cleared, and the client is
   * remembered for a while so that Back to the login or consent page says "already complete".
   */
  private completed(purpose: AuthorizePurpose): CookieInstruction[] {
    return [
      { name: 'interaction', value: null },
      { name: 'completed', value: encodeURIComponent(purpose.clientId), maxAgeS: this.deps.interactionTtlS },
    ];
  }

  /** Whether a browser signed in as `session` may go on without signing in again (no prompt=login, max_age met). */
  maySkipLogin(purpose: AuthorizePurpose, session: SessionRecord): boolean {
    return !this.needsLogin({ ...purpose, loginDone: false }, session);
  }

  private needsLogin(purpose: AuthorizePurpose, session: SessionRecord | undefined): boolean {
    if (!session) return true;
    if (purpose.loginDone) return false;
    if (purpose.prompt.includes('login')) return true;
    // max_age=0 means "sign in again now", like prompt=login (OpenID Connect WG, connect issue #993).
    return purpose.maxAge !== undefined && (purpose.maxAge === 0 || this.deps.now() - session.authTime > purpose.maxAge * 1000);
  }

  private async interaction(purpose: InteractionPurpose, page: '/login' | '/consent' | '/login/second-factor', meta: RequestMeta, ui: PageUi): Promise<OperationResponse> {
    let pending;
    try {
      pending = await this.deps.interactions.create(purpose, meta);
    } catch (error) {
      if (!(error instanceof TooManyInteractionsError)) throw error;
      if (purpose.kind === 'account') return rateLimitedPage(ui, this.deps.interactionTtlS, meta.requestId);
      // RFC 6749 §4.1.2.1 temporarily_unavailable: "unable to handle the request due to a temporary overloading".
      const refusal = AuthorizationError.redirect('temporarily_unavailable', `${error.message} Try again later.`, responseTargetOf(purpose));
      return authorizationErrorOutcome(refusal, this.deps.issuer, meta.requestId, ui, this.completed(purpose));
    }
    return seeOther(page, [{ name: 'interaction', value: pending.cookie, maxAgeS: this.deps.interactionTtlS }]);
  }

  private async respond(request: AuthorizationRequest, client: ClientRecord, session: SessionRecord, meta: RequestMeta) {
    const target = responseTargetOf(request);
    if (request.responseType === 'code') {
      const code = await this.deps.codes.issue(request, session.userId, authenticationOf(session.factors));
      return authorizationResponse(target, { code }, this.deps.issuer);
    }
    return authorizationResponse(target, await this.implicitTokens(request, client, session, meta), this.deps.issuer);
  }

  /** RFC 6749 §4.2.2 / OIDC Core §3.2.2.5: tokens in the fragment, never a refresh token (§4.2.2). */
  private async implicitTokens(request: AuthorizationRequest, client: ClientRecord, session: SessionRecord, meta: RequestMeta): Promise<Record<string, string>> {
    const authentication = authenticationOf(session.factors);
    const resources = request.resources ?? [];
    const target = await this.implicitTarget(request, client, resources);
    const grant = { id: randomId(), clientId: client.clientId, userId: session.userId, scopes: request.scopes, authentication, resources };
    // OIDC Core §3.1.2.6 access_denied: the account was disabled after its session was resolved.
    const refuse = () => AuthorizationError.redirect('access_denied', 'The account cannot receive tokens.', responseTargetOf(request));
    await this.deps.refreshTokens.recordGrantAlone(grant, false, refuse);
    const idToken = request.responseType === 'id_token token' ? { nonce: request.nonce ?? null } : undefined;
    const response = await this.deps.issuance.issue({ via: 'implicit', client, subject: session.userId, target, grantId: grant.id, authentication, idToken }, meta);
    return Object.fromEntries(Object.entries(response).map(([name, value]) => [name, String(value)]));
  }

  /** The API of the implicit access token: checked at `/authorize`, and again here in case an API changed since. */
  private async implicitTarget(request: AuthorizationRequest, client: ClientRecord, resources: readonly string[]): Promise<TokenTarget> {
    try {
      return this.deps.issuance.targetFor(await this.deps.issuance.catalogue(), { via: 'implicit', client, grantResources: resources, scopes: request.scopes });
    } catch (error) {
      if (error instanceof OAuthError && (error.code === 'invalid_target' || error.code === 'invalid_scope')) {
        throw AuthorizationError.redirect(error.code, error.description ?? error.code, responseTargetOf(request));
      }
      throw error;
    }
  }
}
