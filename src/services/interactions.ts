import { randomToken, sha256Hex } from '../crypto/random.js';
import type { AuthorizationRequest } from '../oauth/authorization-request.js';
import type { AuthenticationFactor } from '../domain/authentication.js';
import type { InteractionLimits } from '../config/index.js';
import { ipKey } from '../rate-limit/keys.js';
import type { InteractionStore } from '../store/interactions.js';
import type { RequestMeta } from './audit.js';

/**
 * A sign-in under way between its factors: who gave the password (or a factor before), and the factors
 * given so far. No session exists until the sign-in reaches the level it needs.
 */
export interface PendingSignIn {
  readonly userId: string;
  readonly factors: AuthenticationFactor[];
}

/** What a pending interaction is for: an authorization request, or a plain sign-in to the account page. */
export type InteractionPurpose =
  | ({ kind: 'authorize'; loginDone?: boolean; consentDone?: boolean; signIn?: PendingSignIn } & AuthorizationRequest)
  | { kind: 'account'; reauthenticate?: boolean; signIn?: PendingSignIn };

/** A pending interaction and its per-interaction CSRF token. */
export interface PendingInteraction {
  cookie: string;
  purpose: InteractionPurpose;
  csrfToken: string;
}

/** Refused: too many sign-ins are pending from this address (`address`) or in all (`total`). */
export class TooManyInteractionsError extends Error {
  constructor(readonly scope: 'address' | 'total') {
    super(scope === 'address' ? 'Too many sign-ins are in progress from this address.' : 'Too many sign-ins are in progress.');
    this.name = 'TooManyInteractionsError';
  }
}

/** Sign-ins in progress, bound to the browser by an HttpOnly cookie (so nobody can push theirs into another browser). */
export class Interactions {
  constructor(
    private readonly store: InteractionStore,
    private readonly ttlS: number,
    private readonly now: () => number,
    private readonly limits: InteractionLimits,
  ) {}

  /** Starts a sign-in; throws {@link TooManyInteractionsError} when a cap is reached (each row is a write anyone can cause). */
  async create(purpose: InteractionPurpose, meta: RequestMeta): Promise<PendingInteraction> {
    const now = this.now();
    const address = ipKey(meta.ip);
    await this.refuseOverCap(now, address);
    const cookie = randomToken(32);
    const csrfToken = randomToken(32);
    await this.store.insert({
      idHash: sha256Hex(cookie),
      clientId: purpose.kind === 'authorize' ? purpose.clientId : null,
      request: { ...purpose },
      csrfToken,
      ipKey: address,
      createdAt: now,
      expiresAt: now + this.ttlS * 1000,
    });
    return { cookie, purpose, csrfToken };
  }

  private async refuseOverCap(now: number, address: string): Promise<void> {
    const pending = await this.store.countPending(now, address);
    if (pending.fromAddress >= this.limits.perAddress) throw new TooManyInteractionsError('address');
    if (pending.total >= this.limits.total) throw new TooManyInteractionsError('total');
  }

  async resolve(cookie: string | undefined): Promise<PendingInteraction | undefined> {
    if (!cookie || !/^[A-Za-z0-9_-]{43}$/.test(cookie)) return undefined;
    const record = await this.store.find(sha256Hex(cookie));
    if (!record || record.expiresAt <= this.now()) return undefined;
    return { cookie, purpose: record.request as unknown as InteractionPurpose, csrfToken: record.csrfToken };
  }

  async finish(cookie: string): Promise<void> {
    await this.store.delete(sha256Hex(cookie));
  }
}
