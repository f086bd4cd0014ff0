import type { Knex } from 'knex';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The Prometheus metrics of one server, in their own registry (tests run several servers in one process). */
export interface Metrics {
  readonly registry: Registry;
  observeRequest(operation: string, status: number, seconds: number): void;
  tokenIssued(grantType: string): void;
  oauthError(code: string): void;
  /**
   * Counts a failed client authentication: per registered client (`client_id` is
   * empty for unknown ids, so strangers cannot grow the label set) and reason.
   * Failures per client never block the client; this is where they are watched.
   */
  clientAuthenticationFailed(clientId: string | null, reason: string): void;
  auditEventsDropped(count: number): void;
  /** Reports `backlog()` as the number of audit rows waiting to be stored. */
  watchAuditBacklog(backlog: () => number): void;
}

interface PoolLike {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

/** Creates the registry: requests, latency, tokens by grant, errors by code, database pool use, the audit backlog, process defaults. */
export function createMetrics(db: Knex): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'latchkey_' });
  const requests = new Counter({ name: 'latchkey_http_requests_total', help: 'HTTP requests by operation and status.', labelNames: ['operation', 'status'], registers: [registry] });
  const latency = new Histogram({
    name: 'latchkey_http_request_duration_seconds',
    help: 'HTTP request latency by operation.',
    labelNames: ['operation'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const tokens = new Counter({ name: 'latchkey_tokens_issued_total', help: 'Tokens issued by grant type.', labelNames: ['grant_type'], registers: [registry] });
  const clientFailures = new Counter({
    name: 'latchkey_client_authentication_failures_total',
    help: 'Failed client authentications by registered client (empty for unknown client ids) and reason.',
    labelNames: ['client_id', 'reason'],
    registers: [registry],
  });
  const errors = new Counter({ name: 'latchkey_oauth_errors_total', help: 'Error responses by OAuth error code.', labelNames: ['error'], registers: [registry] });
  const auditDropped = new Counter({ name: 'latchkey_audit_events_dropped_total', help: 'Audit rows dropped because the database could not take them and the backlog was full.', registers: [registry] });
  let auditBacklog = (): number => 0;
  new Gauge({
    name: 'latchkey_audit_backlog',
    help: 'Audit rows waiting to be written to the database.',
    registers: [registry],
    collect() {
      this.set(auditBacklog());
    },
  });
  const pool = (): PoolLike | undefined => (db.client as { pool?: PoolLike }).pool;
  new Gauge({
    name: 'latchkey_db_pool_connections',
    help: 'Database pool connections by state.',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const p = pool();
      this.set({ state: 'used' }, p?.numUsed() ?? 0);
      this.set({ state: 'free' }, p?.numFree() ?? 0);
      this.set({ state: 'pending' }, p?.numPendingAcquires() ?? 0);
    },
  });
  return {
    registry,
    observeRequest(operation, status, seconds) {
      requests.inc({ operation, status: String(status) });
      latency.observe({ operation }, seconds);
    },
    tokenIssued: (grantType) => tokens.inc({ grant_type: grantType }),
    oauthError: (code) => errors.inc({ error: code }),
    clientAuthenticationFailed: (clientId, reason) => clientFailures.inc({ client_id: clientId ?? '', reason }),
    auditEventsDropped: (count) => auditDropped.inc(count),
    watchAuditBacklog(backlog) {
      auditBacklog = backlog;
    },
  };
}
