import type { Logger } from 'pino';
import type { AuditWriter } from './audit-writer.js';

/** Who made a request: recorded with every audit event. */
export interface RequestMeta {
  readonly ip: string | null;
  readonly requestId: string | null;
}

/** Admin actions (the CLI) come from no request. */
export const adminMeta: RequestMeta = { ip: null, requestId: null };

/** Who makes an admin change: the CLI (no client, no request) or the client of an admin-API token, with its request. */
export interface AdminActor {
  /** The client whose `admin` token made the change; null for the CLI. */
  readonly clientId: string | null;
  readonly meta: RequestMeta;
}

/** The CLI as an actor. */
export const cliActor: AdminActor = { clientId: null, meta: adminMeta };

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
    | 'api.created'
    | 'api.updated'
    | 'api.deleted'
    | 'token.exchange_refused'
    | 'exchange_policy.created'
    | 'exchange_policy.deleted'
    | 'signing_key.added'
    | 'signing_keys.rewrapped'
    | 'user.locked_out'
    | 'user.second_factor_verified'
    | 'user.second_factor_failed'
    | 'user.mfa_enrolled'
    | 'user.mfa_removed'
    | 'user.mfa_reset'
    | 'user.recovery_codes_regenerated'
    | 'user.passkey_renamed'
    | 'user.passkey_failed';
  outcome: 'success' | 'failure';
  clientId?: string | null;
  subject?: string | null;
  detail?: Record<string, unknown>;
  /** The admin-API client that made the change (see {@link AdminActor}). */
  actorClientId?: string | null;
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
        actorClientId: event.actorClientId ?? null,
      };
      logger.info({ audit: row, reqId: meta.requestId }, event.event);
      await writer.write(row);
      onRecorded(event);
    },
    flush: () => writer.flush(),
    close: () => writer.close(),
  };
}

/** Records an admin change with the actor that made it: its client (`actor_client_id`) and its request. */
export function recordAdminChange(auditor: Auditor, event: AuditEvent, actor: AdminActor): Promise<void> {
  return auditor.record({ ...event, actorClientId: actor.clientId }, actor.meta);
}
