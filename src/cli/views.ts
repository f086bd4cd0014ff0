import type { ClientRecord, UserRecord } from '../domain/records.js';
import { clientView } from '../services/admin-views.js';
import { iso } from './output.js';

export { auditView, clientView, clientWithSecretView, keyView, scopeView, secondFactorsView, userView } from '../services/admin-views.js';

/** Human-readable lines for one user. */
export function userLines(user: UserRecord): string[] {
  return [
    `id:             ${user.id}`,
    `username:       ${user.username}`,
    `name:           ${user.name ?? ''}`,
    `email:          ${user.email ?? ''}`,
    `email_verified: ${user.emailVerified}`,
    `status:         ${user.disabledAt === null ? 'active' : `disabled since ${iso(user.disabledAt)}`}`,
    `created:        ${iso(user.createdAt)}`,
    `updated:        ${iso(user.updatedAt)}`,
  ].map((line) => line.trimEnd());
}

/** Human-readable lines for one client: every field of {@link clientView}, times as dates. */
export function clientLines(client: ClientRecord): string[] {
  const fields = { ...clientView(client), client_id_issued_at: iso(client.createdAt), updated_at: iso(client.updatedAt) };
  const width = Math.max(...Object.keys(fields).map((name) => name.length)) + 2;
  return Object.entries(fields).map(([name, value]) => `${`${name}:`.padEnd(width)}${Array.isArray(value) ? value.join(' ') : String(value)}`.trimEnd());
}
