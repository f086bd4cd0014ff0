import type { Knex } from 'knex';
import type { AuditEventRecord } from './records.js';

/** Append-only storage of audit events. */
export interface AuditEventStore {
  /** Inserts the rows in one statement, in order. */
  insertMany(events: readonly AuditEventRecord[]): Promise<void>;
  /** Newest first; for the CLI and tests. */
  recent(limit: number, event?: string): Promise<AuditEventRecord[]>;
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
        })),
      );
    },
    async recent(limit, event) {
      const query = db('audit_events').select('*').orderBy('id', 'desc').limit(limit);
      if (event) query.where({ event });
      const rows: Record<string, unknown>[] = await query;
      return rows.map((row) => ({
        at: Number(row.at),
        event: String(row.event),
        outcome: row.outcome as AuditEventRecord['outcome'],
        clientId: (row.client_id as string | null) ?? null,
        subject: (row.subject as string | null) ?? null,
        ip: (row.ip as string | null) ?? null,
        requestId: (row.request_id as string | null) ?? null,
        detail: typeof row.detail === 'string' ? (JSON.parse(row.detail) as Record<string, unknown>) : null,
      }));
    },
  };
}
