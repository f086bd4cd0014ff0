import type { Logger } from 'pino';
import type { AuditWriter } from './audit-writer.js';

/** Who made a request: recorded with every audit event. */
export interface RequestMeta {
  readonly ip: string | null;
  readonly requestId: string | null;
}

/** Admin actions (the CLI) come from no request. */
export const adminMeta: RequestMeta = { ip: null, requestId: null };

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
    | 'token.revoked'
    | 'user.created'
    | 'user.password_changed'
    | 'user.disabled'
    | 'user.enabled'
    | 'user.deleted'
    | 'user.unlocked'
    | 'client.created'
    | 'client.updated'
    | 'client.secret_rotated'
    | 'client.deleted'
    | 'scope.created'
    | 'scope.updated'
    | 'scope.deleted'
    | 'signing_key.added'
    | 'signing_keys.rewrapped'
    | 'user.locked_out';
  outcome: 'success' | 'failure';
  clientId?: string | null;
  subject?: string | null;
  detail?: Record<string, unknown>;
}

/** Records audit events in the database and as log lines. */
export interface Auditor {
  /** Logs the event at once and stores its row (batched: see {@link AuditWriter}). */
  record(event: AuditEvent, meta: RequestMeta): Promise<void>;
  /** Stores every queued row now. */
  flush(): Promise<void>;
  /** Flushes and stops batching; for shutdown. */
  close(): Promise<void>;
}

export function createAuditor(writer: AuditWriter, logger: Logger, now: () => number, onRecorded: (event: AuditEvent) => void = () => undefined): Auditor {
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
      await writer.write(row);
      onRecorded(event);
    },
    flush: () => writer.flush(),
    close: () => writer.close(),
  };
}
