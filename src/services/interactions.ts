import { randomToken, sha256Hex } from '../crypto/random.js';
import type { AuthorizationRequest } from '../oauth/authorization-request.js';
import type { InteractionStore } from '../store/interactions.js';

/** What a pending interaction is for: an authorization request, or a plain sign-in to the account page. */
export type InteractionPurpose = ({ kind: 'authorize'; loginDone?: boolean; consentDone?: boolean } & AuthorizationRequest) | { kind: 'account' };

/** A pending interaction and its per-interaction CSRF token. */
export interface PendingInteraction {
  cookie: string;
  purpose: InteractionPurpose;
  csrfToken: string;
}

/** Sign-ins in progress, bound to the browser by an HttpOnly cookie (so nobody can push theirs into another browser). */
export class Interactions {
  constructor(
    private readonly store: InteractionStore,
    private readonly ttlS: number,
    private readonly now: () => number,
  ) {}

  async create(purpose: InteractionPurpose): Promise<PendingInteraction> {
    const cookie = randomToken(32);
    const csrfToken = randomToken(32);
    const now = this.now();
    await this.store.insert({
      idHash: sha256Hex(cookie),
      clientId: purpose.kind === 'authorize' ? purpose.clientId : null,
      request: { ...purpose },
      csrfToken,
      createdAt: now,
      expiresAt: now + this.ttlS * 1000,
    });
    return { cookie, purpose, csrfToken };
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
