import { randomToken, sha256Hex } from '../crypto/random.js';
import type { SessionStore } from '../store/sessions.js';
import type { SessionRecord } from '../store/records.js';

/** Sign-in sessions kept in the database, so they survive restarts and work across processes. */
export class BrowserSessions {
  constructor(
    private readonly store: SessionStore,
    private readonly ttlS: number,
    private readonly now: () => number,
  ) {}

  /** Starts a session; the previous one, if any, ends (the session id is rotated on login). */
  async start(userId: string, previousCookie: string | undefined): Promise<{ cookie: string; session: SessionRecord }> {
    if (previousCookie) await this.store.delete(sha256Hex(previousCookie));
    const cookie = randomToken(32);
    const now = this.now();
    const session: SessionRecord = { idHash: sha256Hex(cookie), userId, csrfToken: randomToken(32), authTime: now, createdAt: now, expiresAt: now + this.ttlS * 1000 };
    await this.store.insert(session);
    return { cookie, session };
  }

  /** The live session for a cookie value, if any. */
  async resolve(cookie: string | undefined): Promise<SessionRecord | undefined> {
    if (!cookie || !/^[A-Za-z0-9_-]{43}$/.test(cookie)) return undefined;
    const session = await this.store.find(sha256Hex(cookie));
    return session && session.expiresAt > this.now() ? session : undefined;
  }

  async end(cookie: string | undefined): Promise<void> {
    if (cookie) await this.store.delete(sha256Hex(cookie));
  }
}
