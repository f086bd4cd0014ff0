import type { Knex } from 'knex';
import type { AuditEventRecord } from '../domain/records.js';

/** An audit event as stored, with its row id (increasing: newer events have larger ids). */
export interface StoredAuditEvent extends AuditEventRecord {
  id: number;
}

/** Which events {@link AuditEventStore.list} returns, newest first. */
export interface AuditEventFilter {
  /** Only events at or after this epoch millisecond. */
  since?: number;
  event?: string;
  clientId?: string;
  /** The user id (`subject`). */
  subject?: string;
  /** Only events older than this id: the next page after a page whose last id this is. */
  beforeId?: number;
  limit: number;
}

/** Append-only storage of audit events. */
export interface AuditEventStore {
  /** Inserts the rows in one statement, in order. */
  insertMany(events: readonly AuditEventRecord[]): Promise<void>;
  /** Newest first; for the CLI and tests. */
  recent(limit: number, event?: string): Promise<AuditEventRecord[]>;
  /** Newest first, filtered and paged (the CLI's `audit list`). */
  list(filter: AuditEventFilter): Promise<StoredAuditEvent[]>;
}

function toEvent(row: Record<string, unknown>): StoredAuditEvent {
  return {
    id: Number(row.id),
    at: Number(row.at),
    event: String(row.event),
    outcome: row.outcome as AuditEventRecord['outcome'],
    clientId: (row.client_id as string | null) ?? null,
    subject: (row.subject as string | null) ?? null,
    ip: (row.ip as string | null) ?? null,
    requestId: (row.request_id as string | null) ?? null,
    detail: typeof row.detail === 'string' ? (JSON.parse(row.detail) as Record<string, unknown>) : null,
    actorClientId: (row.actor_client_id as string | null) ?? null,
  };
}

export function knexAuditEventStore(db: Knex): AuditEventStore {
  return {
    async insertMany(events) {
      if (events.length === 0) return;
      await db('audit_events').insert(
        events.map((event) => ({
          at: event.at,
          event: event.event,
          outcome: event.outcome,
          client_id: event.clientId,
          subject: event.subject,
          ip: event.ip,
          request_id: event.requestId,
          detail: event.detail === null ? null : JSON.stringify(event.detail),
          actor_client_id: event.actorClientId ?? null,
        })),
      );
    },
    async recent(limit, event) {
      const query = db('audit_events').select('*').orderBy('id', 'desc').limit(limit);
      if (event) query.where({ event });
      const rows: Record<string, unknown>[] = await query;
      return rows.map(toEvent).map(({ id: _id, ...event }) => event);
    },
    async list(filter) {
      const query = db('audit_events').select('*').orderBy('id', 'desc').limit(filter.limit);
      if (filter.since !== undefined) query.where('at', '>=', filter.since);
      if (filter.event !== undefined) query.where({ event: filter.event });
      if (filter.clientId !== undefined) query.where({ client_id: filter.clientId });
      if (filter.subject !== undefined) query.where({ subject: filter.subject });
      if (filter.beforeId !== undefined) query.where('id', '<', filter.beforeId);
      const rows: Record<string, unknown>[] = await query;
      return rows.map(toEvent);
    },
  };
}
