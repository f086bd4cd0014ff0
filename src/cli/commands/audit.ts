import { AdminInputError } from '../../services/users.js';
import type { StoredAuditEvent } from '../../store/audit-events.js';
import type { Command } from '../command.js';
import { parseDuration } from '../duration.js';
import { UsageError } from '../errors.js';
import { iso, table } from '../output.js';

const defaultLimit = 50;
const maxLimit = 1000;

function auditView(event: StoredAuditEvent): Record<string, unknown> {
  return {
    id: event.id,
    at: iso(event.at),
    event: event.event,
    outcome: event.outcome,
    client_id: event.clientId,
    subject: event.subject,
    ip: event.ip,
    request_id: event.requestId,
    detail: event.detail,
  };
}

function positiveInteger(text: string | undefined, option: string, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d{1,9}$/.test(text) || Number(text) < 1 || Number(text) > max) throw new UsageError(`--${option} must be a whole number from 1 to ${max}, got '${text}'`);
  return Number(text);
}

/** `latchkey audit list`: the audit trail, newest first, a page at a time. */
export const auditList: Command = {
  words: ['audit', 'list'],
  summary: 'List audit events, newest first (filtered, a page at a time)',
  options: {
    since: { type: 'string', value: 'DURATION', help: 'only events this recent: 30s, 15m, 2h, 7d or seconds' },
    event: { type: 'string', value: 'EVENT', help: 'only this event, e.g. token.issued, user.authentication_failed' },
    client: { type: 'string', value: 'CLIENT_ID', help: 'only events of this client' },
    user: { type: 'string', value: 'USERNAME', help: 'only events about this user (by the id the audit trail keeps)' },
    limit: { type: 'string', value: 'N', help: `events per page (default ${defaultLimit}, at most ${maxLimit})` },
    before: { type: 'string', value: 'ID', help: 'the next page: events older than this id (printed under a full page)' },
  },
  async run(args, context) {
    const { storage, users, now } = await context.latchkey();
    const limit = positiveInteger(args.string('limit'), 'limit', defaultLimit, maxLimit);
    const beforeText = args.string('before');
    const username = args.string('user');
    let subject: string | undefined;
    if (username !== undefined) {
      const user = await users.findByUsername(username);
      if (!user) throw new AdminInputError(`no such user: ${username} (a deleted user's events carry the id: find them with --event user.deleted)`);
      subject = user.id;
    }
    const since = args.string('since');
    const events = await storage.auditEvents.list({
      limit,
      ...(since !== undefined ? { since: now() - parseDuration(since, 'since') * 1000 } : {}),
      ...(args.string('event') !== undefined ? { event: args.string('event') } : {}),
      ...(args.string('client') !== undefined ? { clientId: args.string('client') } : {}),
      ...(subject !== undefined ? { subject } : {}),
      ...(beforeText !== undefined ? { beforeId: positiveInteger(beforeText, 'before', 0, Number.MAX_SAFE_INTEGER) } : {}),
    });
    const rows = events.map((e) => [String(e.id), iso(e.at), e.event, e.outcome, e.clientId ?? '', e.subject ?? '', e.ip ?? '']);
    const last = events.at(-1);
    const more = events.length === limit && last ? [`more: latchkey audit list --before ${last.id} (with the same filters)`] : [];
    return { json: events.map(auditView), text: [...table(['ID', 'AT', 'EVENT', 'OUTCOME', 'CLIENT', 'SUBJECT', 'IP'], rows, 'no audit events'), ...more] };
  },
};
