import { randomToken, sha256Hex } from '../crypto/random.js';
import type { Stores } from '../store/index.js';
import type { AuthenticationFactor } from '../domain/authentication.js';
import type { SessionRecord } from '../domain/records.js';
import { userMayReceiveTokens } from './account-state.js';

/** Sign-in sessions kept in the database, so they survive restarts and work across processes. */
export class BrowserSessions {
  constructor(
    private readonly stores: Pick<Stores, 'sessions' | 'users'>,
    private readonly ttlS: number,
    private readonly now: () => number,
  ) {}

  /**
   * Starts a session for a sign-in made of `factors`; the previous one, if any, ends (the session id is
   * rotated on every sign-in and step-up, so a cookie seen before the second factor is worth nothing after).
   */
  async start(userId: string, previousCookie: string | undefined, factors: readonly AuthenticationFactor[]): Promise<{ cookie: string; session: SessionRecord }> {
    if (previousCookie) await this.stores.sessions.delete(sha256Hex(previousCookie));
    const cookie = randomToken(32);
    const now = this.now();
    const authTime = Math.max(...factors.map((factor) => factor.at));
    const session: SessionRecord = { idHash: sha256Hex(cookie), userId, csrfToken: randomToken(32), authTime, factors: [...factors], createdAt: now, expiresAt: now + this.ttlS * 1000 };
    await this.stores.sessions.insert(session);
    return { cookie, session };
  }

  /**
   * The live session for a cookie value, if any. A session of a user who may no
   * longer receive tokens (disabled, deleted) does not count, and ends here.
   */
  async resolve(cookie: string | undefined): Promise<SessionRecord | undefined> {
    if (!cookie || !/^[A-Za-z0-9_-]{43}$/.test(cookie)) return undefined;
    const session = await this.stores.sessions.find(sha256Hex(cookie));
    if (!session || session.expiresAt <= this.now()) return undefined;
    if (userMayReceiveTokens(await this.stores.users.findById(session.userId))) return session;
    await this.stores.sessions.delete(session.idHash);
    return undefined;
  }

  async end(cookie: string | undefined): Promise<void> {
    if (cookie) await this.stores.sessions.delete(sha256Hex(cookie));
  }
}
