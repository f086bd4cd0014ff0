/** Deadlock victims: MySQL's `ER_LOCK_DEADLOCK` (and lock wait timeout), PostgreSQL's `deadlock_detected` (40P01). */
const retriedCodes = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', '40P01']);

/** MySQL or PostgreSQL may abort one of two colliding transactions as a deadlock victim; retrying is the documented remedy (three attempts in all by default). */
export async function retryOnDeadlock<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (attempt >= attempts || typeof code !== 'string' || !retriedCodes.has(code)) throw error;
    }
  }
}
