import { auditPageLimits } from '../../services/audit-trail.js';
import type { Command } from '../command.js';
import { parseDuration } from '../duration.js';
import { UsageError } from '../errors.js';
import { iso, table } from '../output.js';
import { auditView } from '../views.js';

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
    limit: { type: 'string', value: 'N', help: `events per page (default ${auditPageLimits.default}, at most ${auditPageLimits.max})` },
    before: { type: 'string', value: 'ID', help: 'the next page: events older than this id (printed under a full page)' },
  },
  async run(args, context) {
    const { auditTrail, now } = await context.latchkey();
    const limit = positiveInteger(args.string('limit'), 'limit', auditPageLimits.default, auditPageLimits.max);
    const beforeText = args.string('before');
    const since = args.string('since');
    const events = await auditTrail.list({
      limit,
      ...(since !== undefined ? { since: now() - parseDuration(since, 'since') * 1000 } : {}),
      ...(args.string('event') !== undefined ? { event: args.string('event') } : {}),
      ...(args.string('client') !== undefined ? { clientId: args.string('client') } : {}),
      ...(args.string('user') !== undefined ? { username: args.string('user') } : {}),
      ...(beforeText !== undefined ? { beforeId: positiveInteger(beforeText, 'before', 0, Number.MAX_SAFE_INTEGER) } : {}),
    });
    const rows = events.map((e) => [String(e.id), iso(e.at), e.event, e.outcome, e.clientId ?? '', e.subject ?? '', e.ip ?? '']);
    const last = events.at(-1);
    const more = events.length === limit && last ? [`more: latchkey audit list --before ${last.id} (with the same filters)`] : [];
    return { json: events.map(auditView), text: [...table(['ID', 'AT', 'EVENT', 'OUTCOME', 'CLIENT', 'SUBJECT', 'IP'], rows, 'no audit events'), ...more] };
  },
};
