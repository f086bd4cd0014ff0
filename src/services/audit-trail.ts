import type { AuditEventStore, StoredAuditEvent } from '../store/audit-events.js';
import { AdminInputError } from './admin-errors.js';
import type { Users } from './users.js';

/** Events per page of {@link AuditTrail.list} unless asked otherwise, and the most it answers. */
export const auditPageLimits = { default: 50, max: 1000 } as const;

/** The filters of `latchkey audit list` and `GET /admin/audit-events`. */
export interface AuditQuery {
  /** Only events at or after this epoch millisecond. */
  since?: number;
  event?: string;
  clientId?: string;
  /** Only events about this user, named by username. */
  username?: string;
  /** Events per page: 1 to {@link auditPageLimits}.max. */
  limit?: number;
  /** The next page: events older than this id. */
  beforeId?: number;
}

/** The audit trail, newest first, a page at a time: one rule for the CLI and the admin API. */
export class AuditTrail {
  constructor(private readonly deps: { events: AuditEventStore; users: Users }) {}

  async list(query: AuditQuery): Promise<StoredAuditEvent[]> {
    const limit = query.limit ?? auditPageLimits.default;
    if (!Number.isInteger(limit) || limit < 1 || limit > auditPageLimits.max) throw new AdminInputError(`limit must be a whole number from 1 to ${auditPageLimits.max}, got ${limit}`);
    if (query.beforeId !== undefined && (!Number.isSafeInteger(query.beforeId) || query.beforeId < 1)) throw new AdminInputError(`before must be an event id (a whole number from 1), got ${query.beforeId}`);
    let subject: string | undefined;
    if (query.username !== undefined) {
      const user = await this.deps.users.findByUsername(query.username);
      if (!user) throw new AdminInputError(`no such user: ${query.username} (a deleted user's events carry the id: find them with the event user.deleted)`);
      subject = user.id;
    }
    return this.deps.events.list({
      limit,
      ...(query.since !== undefined ? { since: query.since } : {}),
      ...(query.event !== undefined ? { event: query.event } : {}),
      ...(query.clientId !== undefined ? { clientId: query.clientId } : {}),
      ...(subject !== undefined ? { subject } : {}),
      ...(query.beforeId !== undefined ? { beforeId: query.beforeId } : {}),
    });
  }
}
