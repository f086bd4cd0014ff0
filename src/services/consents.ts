import type { Storage } from '../store/index.js';
import type { ClientRecord, ConsentRecord } from '../domain/records.js';

/** Remembered consent per user and client, and its revocation. */
export class Consents {
  constructor(
    private readonly storage: Storage,
    private readonly now: () => number,
  ) {}

  /** First-party clients never ask; others ask when a requested scope was not allowed before. */
  async covers(userId: string, client: ClientRecord, scopes: readonly string[]): Promise<boolean> {
    if (client.firstParty) return true;
    const consent = await this.storage.consents.find(userId, client.clientId);
    return consent !== undefined && scopes.every((s) => consent.scopes.includes(s));
  }

  /** Records consent, adding the scopes to any given before. */
  async grant(userId: string, clientId: string, scopes: readonly string[]): Promise<void> {
    const existing = await this.storage.consents.find(userId, clientId);
    const now = this.now();
    await this.storage.consents.save({
      userId,
      clientId,
      scopes: [...new Set([...(existing?.scopes ?? []), ...scopes])],
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    });
  }

  list(userId: string): Promise<(ConsentRecord & { clientName: string })[]> {
    return this.storage.consents.listForUser(userId);
  }

  /**
   * Removes the consent and revokes every grant (and so every
   * access token) of the client for the user; codes not yet redeemed are used up.
   */
  async revoke(userId: string, clientId: string): Promise<boolean> {
    const now = this.now();
    return this.storage.transaction(async (stores) => {
      const removed = await stores.consents.delete(userId, clientId);
      const grants = await stores.refreshTokens.revokeGrantsOfUserAndClient(userId, clientId, 'consent_revoked', now);
      const codes = await stores.authorizationCodes.consumeAllFor(userId, clientId, now);
      return removed || grants > 0 || codes > 0;
    });
  }
}
