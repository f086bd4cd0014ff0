import type { Logger } from 'pino';
import type { AuditEventStore } from '../store/audit-events.js';

/** Who made a request: recorded with every audit event. */
export interface RequestMeta {
  readonly ip: string | null;
  readonly requestId: string | null;
}

/** One auditable fact. Never put a secret, password or token in it. */
export interface AuditEvent {
  event:
    | 'token.issued'
    | 'client.authentication_failed'
    | 'user.authentication_failed'
    | 'refresh_token.reuse_detected'
    | 'authorization_code.reuse_detected'
    | 'user.login'
    | 'consent.granted'
    | 'consent.denied'
    | 'consent.revoked'
    | 'user.logout'
    | 'refresh_token.rotated'
    | 'token.revoked'
    | 'user.disabled'
    | 'user.locked_out';
  outcome: 'success' | 'failure';
  clientId?: string | null;
  subject?: string | null;
  detail?: Record<string, unknown>;
}

/** Records audit events in the database and as log lines. */
export interface Auditor {
  record(event: AuditEvent, meta: RequestMeta): Promise<void>;
}

export function createAuditor(store: AuditEventStore, logger: Logger, now: () => number, onRecorded: (event: AuditEvent) => void = () => undefined): Auditor {
  return {
    async record(event, meta) {
      const row = {
        at: now(),
        event: event.event,
        outcome: event.outcome,
        clientId: event.clientId ?? null,
        subject: event.subject ?? null,
        ip: meta.ip,
        requestId: meta.requestId,
        detail: event.detail ?? null,
      };
      logger.info({ audit: row, reqId: meta.requestId }, event.event);
      await store.insert(row);
      onRecorded(event);
    },
  };
}
