import { randomId, randomToken, sha256Hex } from '../crypto/random.js';
import { invalidGrant } from '../oauth/errors.js';
import type { RefreshFamilyRecord } from '../store/records.js';
import type { Storage, Stores } from '../store/index.js';
import { assertUserMayReceiveTokens, userMayReceiveTokens } from './account-state.js';
import type { Auditor, RequestMeta } from './audit.js';
import { BeforeAtomicStep, noBeforeAtomicStep } from './atomic-step-hook.js';
import { retryOnDeadlock } from './with-retry.js';

/** Refresh-token lifetimes and the reuse grace window. */
export interface RefreshPolicy {
  idleTtlS: number;
  absoluteTtlS: number;
  reuseGraceS: number;
}

/** The outcome of presenting a refresh token. */
export type RotationResult =
  | { kind: 'rotated'; refreshToken: string; family: RefreshFamilyRecord }
  | { kind: 'invalid'; reason: string }
  | { kind: 'reused'; family: RefreshFamilyRecord; withinGrace: boolean };

/** Issues, rotates and revokes refresh-token families (RFC 6749 §6, RFC 9700 §4.14). */
export class RefreshTokens {
  constructor(
    private readonly storage: Storage,
    private readonly auditor: Auditor,
    private readonly policy: RefreshPolicy,
    private readonly now: () => number,
    private readonly beforeAtomicStep: BeforeAtomicStep = noBeforeAtomicStep,
  ) {}

  /** Starts a family for a new user grant and returns its first token. */
  async startFamily(
    stores: Stores,
    grant: { clientId: string; userId: string; scopes: string[] },
    refuse: () => Error,
  ): Promise<{ refreshToken: string; familyId: string }> {
    const { refreshToken, familyId } = await this.recordGrant(stores, { ...grant, id: randomId() }, true, refuse);
    return { refreshToken: refreshToken as string, familyId };
  }

  /**
   * Records a user grant (the family row that access tokens point to through
   * `grant_id`, so revoking it revokes them), with a first refresh token when asked.
   * Run it in a transaction: the account check reads the user under a shared lock, so a
   * `users disable` or password reset committing meanwhile either sees this family and
   * revokes it, or is seen here and `refuse` is thrown.
   */
  async recordGrant(
    stores: Stores,
    grant: { id: string; clientId: string; userId: string; scopes: string[] },
    withRefreshToken: boolean,
    refuse: () => Error,
  ): Promise<{ refreshToken: string | undefined; familyId: string }> {
    assertUserMayReceiveTokens(await stores.users.findByIdForShare(grant.userId), refuse);
    await this.beforeAtomicStep('grant.record', stores);
    const now = this.now();
    const family: RefreshFamilyRecord = {
      id: grant.id,
      clientId: grant.clientId,
      userId: grant.userId,
      scopes: grant.scopes,
      createdAt: now,
      expiresAt: now + this.policy.absoluteTtlS * 1000,
      revokedAt: null,
      revokedReason: null,
    };
    await stores.refreshTokens.insertFamily(family);
    const refreshToken = withRefreshToken ? await this.addToken(stores, family, now) : undefined;
    return { refreshToken, familyId: family.id };
  }

  /**
   * Exchanges a refresh token for its successor in one transaction. The
   * single-use check is an atomic UPDATE ... WHERE rotated_at IS NULL, so of two
   * concurrent requests exactly one rotates. `checkBeforeRotation` may throw
   * (e.g. `invalid_scope`) to refuse the request without using up the token.
   */
  async rotate(
    presented: string,
    clientId: string,
    meta: RequestMeta,
    checkBeforeRotation: (family: RefreshFamilyRecord) => void = () => undefined,
  ): Promise<{ refreshToken: string; family: RefreshFamilyRecord }> {
    const result = await retryOnDeadlock(() => this.storage.transaction((stores) => this.rotateIn(stores, presented, clientId, checkBeforeRotation)));
    if (result.kind === 'rotated') return result;
    if (result.kind === 'invalid') throw invalidGrant(result.reason);
    if (!result.withinGrace) {
      await this.auditor.record(
        { event: 'refresh_token.reuse_detected', outcome: 'failure', clientId, subject: result.family.userId, detail: { family_id: result.family.id } },
        meta,
      );
    }
    throw invalidGrant(result.withinGrace ? 'The refresh token was just used; use its successor.' : 'The refresh token was already used.');
  }

  /** Revokes a family and so every access token issued from it. */
  async revokeFamily(familyId: string, reason: string): Promise<boolean> {
    return this.storage.refreshTokens.revokeFamily(familyId, reason, this.now());
  }

  private async rotateIn(stores: Stores, presented: string, clientId: string, check: (family: RefreshFamilyRecord) => void): Promise<RotationResult> {
    const now = this.now();
    const found = await stores.refreshTokens.findToken(sha256Hex(presented));
    // RFC 6749 §6: the refresh token is bound to the client it was issued to.
    if (!found || found.family.clientId !== clientId) return { kind: 'invalid', reason: 'The refresh token is invalid.' };
    const { token, family } = found;
    if (family.revokedAt !== null) return { kind: 'invalid', reason: 'The refresh token was revoked.' };
    if (token.rotatedAt === null) {
      if (token.expiresAt <= now || family.expiresAt <= now) return { kind: 'invalid', reason: 'The refresh token has expired.' };
      if (!userMayReceiveTokens(await stores.users.findById(family.userId))) return { kind: 'invalid', reason: 'The refresh token is invalid.' };
      check(family);
      await this.beforeAtomicStep('refresh_token.rotate', stores);
      if (await stores.refreshTokens.markRotated(token.tokenHash, now)) {
        return { kind: 'rotated', refreshToken: await this.addToken(stores, family, now), family };
      }
    }
    const rotatedAt = token.rotatedAt ?? now;
    // RFC 9700 §4.14.2: a rotated token presented again means it leaked; revoke the family, unless inside the grace window.
    const withinGrace = this.policy.reuseGraceS > 0 && now - rotatedAt <= this.policy.reuseGraceS * 1000;
    if (!withinGrace) await stores.refreshTokens.revokeFamily(family.id, 'reuse_detected', now);
    return { kind: 'reused', family, withinGrace };
  }

  private async addToken(stores: Stores, family: RefreshFamilyRecord, now: number): Promise<string> {
    const refreshToken = randomToken(32);
    await stores.refreshTokens.insertToken({
      tokenHash: sha256Hex(refreshToken),
      familyId: family.id,
      createdAt: now,
      expiresAt: Math.min(now + this.policy.idleTtlS * 1000, family.expiresAt),
      rotatedAt: null,
    });
    return refreshToken;
  }
}
