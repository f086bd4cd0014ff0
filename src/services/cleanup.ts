import type { Config } from '../config/index.js';
import type { CleanupPolicy } from '../store/cleanup.js';

/** The clean-up policy of a configuration: families outlive every token that can point at them. */
export function cleanupPolicyOf(config: Pick<Config, 'accessTokenTtlS' | 'idTokenTtlS' | 'auditRetentionDays' | 'lockout'>): CleanupPolicy {
  return {
    tokenLifetimeS: Math.max(config.accessTokenTtlS, config.idTokenTtlS),
    auditRetentionDays: config.auditRetentionDays,
    lockoutResetS: config.lockout.resetS,
  };
}
