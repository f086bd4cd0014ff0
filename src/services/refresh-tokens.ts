import { randomId, randomToken, sha256Hex } from '../crypto/random.js';
import { invalidGrant } from '../oauth/errors.js';
import type { Authentication } from '../domain/authentication.js';
import type { GrantRecord } from '../domain/records.js';
import type { Storage, Stores } from '../store/index.js';
import { assertUserMayReceiveTokens, userMayReceiveTokens } from './account-state.js';
import type { Auditor, RequestMeta } from './audit.js';
import { type BeforeAtomicStep, noBeforeAtomicStep } from './atomic-step-hook.js';
import { retryOnDeadlock } from './with-retry.js';

/** A user grant about to be recorded: its id, client, user, scopes and the sign-in it comes from. */
export interface NewGrant {
  readonly id: string;
  readonly clientId: string;
  readonly userId: string;
  readonly scopes: string[];
  readonly authentication: Authentication;
  /** The APIs the authorization request named (RFC 8707 §2.1); empty when none. */
  readonly resources: readonly string[];
}

/** Refresh-token lifetimes and the reuse grace window. */
export interface RefreshPolicy {
  idleTtlS: number;
  absoluteTtlS: number;
  reuseGraceS: number;
}

/** The outcome of presenting a refresh token. */
export type RotationResult =
  | { kind: 'rotated'; refreshToken: string; grant: GrantRecord }
  | { kind: 'invalid'; reason: string }
  | { kind: 'reused'; grant: GrantRecord; withinGrace: boolean };

/** Records user grants and issues, rotates and revokes their refresh tokens (RFC 6749 §6, RFC 9700 §4.14). */
export class RefreshTokens {
  constructor(
    private readonly storage: Storage,
    private readonly auditor: Auditor,
    private readonly policy: RefreshPolicy,
    private readonly now: () => number,
    private readonly beforeAtomicStep: BeforeAtomicStep = noBeforeAtomicStep,
  ) {}

  /** Records a new user grant with a first refresh token. */
  async startGrant(
    stores: Stores,
    grant: { clientId: string; userId: string; scopes: string[]; authentication: Authentication; resources: readonly string[] },
    refuse: () => Error,
  ): Promise<{ refreshToken: string; grantId: string }> {
    const { refreshToken, grantId } = await this.recordGrant(stores, { ...grant, id: randomId() }, true, refuse);
    return { refreshToken: refreshToken as string, grantId };
  }

  /**
   * {@link recordGrant} in a transaction of its own, for the paths that checked the account before
   * (the password grant's sign-in, the implicit flow's session): the account may change in between.
   */
  async recordGrantAlone(
    grant: NewGrant,
    withRefreshToken: boolean,
    refuse: () => Error,
  ): Promise<{ refreshToken: string | undefined; grantId: string }> {
    await this.beforeAtomicStep('grant.begin', this.storage);
    return this.storage.transaction((stores) => this.recordGrant(stores, grant, withRefreshToken, refuse));
  }

  /**
   * Records a user grant (the `refresh_token_families` row that access tokens point to through
   * `grant_id`, so revoking it revokes them), with a first refresh token when asked.
   * Run it in a transaction: the account check reads the user under a shared lock, so a
   * `users disable` or password reset committing meanwhile either sees this grant and
   * revokes it, or is seen here and `refuse` is thrown.
   */
  async recordGrant(
    stores: Stores,
    grant: NewGrant,
    withRefreshToken: boolean,
    refuse: () => Error,
  ): Promise<{ refreshToken: string | undefined; grantId: string }> {
    assertUserMayReceiveTokens(await stores.users.findByIdForShare(grant.userId), refuse);
    await this.beforeAtomicStep('grant.record', stores);
    const now = this.now();
    const record: GrantRecord = {
      id: grant.id,
      clientId: grant.clientId,
      userId: grant.userId,
      scopes: grant.scopes,
      createdAt: now,
      expiresAt: now + this.policy.absoluteTtlS * 1000,
      revokedAt: null,
      revokedReason: null,
      authentication: grant.authentication,
      resources: [...grant.resources],
    };
    await stores.refreshTokens.insertGrant(record);
    const refreshToken = withRefreshToken ? await this.addToken(stores, record, now) : undefined;
    return { refreshToken, grantId: record.id };
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
    checkBeforeRotation: (grant: GrantRecord) => void = () => undefined,
  ): Promise<{ refreshToken: string; grant: GrantRecord }> {
    const result = await retryOnDeadlock(() => this.storage.transaction((stores) => this.rotateIn(stores, presented, clientId, checkBeforeRotation)));
    if (result.kind === 'rotated') return result;
    if (result.kind === 'invalid') throw invalidGrant(result.reason);
    if (!result.withinGrace) {
      await this.auditor.record(
        { event: 'refresh_token.reuse_detected', outcome: 'failure', clientId, subject: result.grant.userId, detail: { grant_id: result.grant.id } },
        meta,
      );
    }
    throw invalidGrant(result.withinGrace ? 'The refresh token was just used; use its successor.' : 'The refresh token was already used.');
  }

  /** Revokes a grant and so every access token issued from it. */
  async revokeGrant(grantId: string, reason: string): Promise<boolean> {
    return this.storage.refreshTokens.revokeGrant(grantId, reason, this.now());
  }

  private async rotateIn(stores: Stores, presented: string, clientId: string, check: (grant: GrantRecord) => void): Promise<RotationResult> {
    const now = this.now();
    const found = await stores.refreshTokens.findToken(sha256Hex(presented));
    // RFC 6749 §6: the refresh token is bound to the client it was issued to.
    if (!found || found.grant.clientId !== clientId) return { kind: 'invalid', reason: 'The refresh token is invalid.' };
    const { token, grant } = found;
    if (grant.revokedAt !== null) return { kind: 'invalid', reason: 'The refresh token was revoked.' };
    if (token.rotatedAt === null) {
      if (token.expiresAt <= now || grant.expiresAt <= now) return { kind: 'invalid', reason: 'The refresh token has expired.' };
      if (!userMayReceiveTokens(await stores.users.findById(grant.userId))) return { kind: 'invalid', reason: 'The refresh token is invalid.' };
      check(grant);
      await this.beforeAtomicStep('refresh_token.rotate', stores);
      if (await stores.refreshTokens.markRotated(token.tokenHash, now)) {
        return { kind: 'rotated', refreshToken: await this.addToken(stores, grant, now), grant };
      }
    }
    const rotatedAt = token.rotatedAt ?? now;
    // RFC 9700 §4.14.2: a rotated token presented again means it leaked; revoke the grant, unless inside the grace window.
    const withinGrace = this.policy.reuseGraceS > 0 && now - rotatedAt <= this.policy.reuseGraceS * 1000;
    if (!withinGrace) await stores.refreshTokens.revokeGrant(grant.id, 'reuse_detected', now);
    return { kind: 'reused', grant, withinGrace };
  }

  private async addToken(stores: Stores, grant: GrantRecord, now: number): Promise<string> {
    const refreshToken = randomToken(32);
    await stores.refreshTokens.insertToken({
      tokenHash: sha256Hex(refreshToken),
      grantId: grant.id,
      createdAt: now,
      expiresAt: Math.min(now + this.policy.idleTtlS * 1000, grant.expiresAt),
      rotatedAt: null,
    });
    return refreshToken;
  }
}
