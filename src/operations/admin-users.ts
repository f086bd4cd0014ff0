import type { Answer, Operation } from '../http/operation.js';
import { secondFactorsView, userView } from '../services/admin-views.js';
import type { SecondFactors } from '../services/second-factors.js';
import type { Users } from '../services/users.js';
import { actorOf, adminBearer } from './admin-actor.js';

/** GET /admin/users. */
export function listAdminUsers(deps: { users: Users }): Operation<'listAdminUsers'> {
  return {
    ...adminBearer,
    async handle(): Answer<'listAdminUsers'> {
      return { status: 200, body: (await deps.users.list()).map(userView) };
    },
  };
}

/** POST /admin/users: the rules of `users create`, the password policy included. */
export function createAdminUser(deps: { users: Users }): Operation<'createAdminUser'> {
  return {
    ...adminBearer,
    async handle(request): Answer<'createAdminUser'> {
      const { username, password, name, email, email_verified: emailVerified } = request.body;
      const user = await deps.users.create({ username, password, name: name ?? null, email: email ?? null, emailVerified: emailVerified ?? false }, actorOf(request));
      return { status: 201, body: userView(user) };
    },
  };
}

/** GET /admin/users/{user_id}, with the user's second factors (never a secret). */
export function getAdminUser(deps: { users: Users; secondFactors: SecondFactors }): Operation<'getAdminUser'> {
  return {
    ...adminBearer,
    async handle({ path }): Answer<'getAdminUser'> {
      const user = await deps.users.requireById(path.user_id ?? '');
      return { status: 200, body: { ...userView(user), second_factors: secondFactorsView(await deps.secondFactors.summary(user.id)) } };
    },
  };
}

/** DELETE /admin/users/{user_id}: the account and its personal data, grants and sessions. */
export function deleteAdminUser(deps: { users: Users }): Operation<'deleteAdminUser'> {
  return {
    ...adminBearer,
    async handle(request): Answer<'deleteAdminUser'> {
      const target = await deps.users.requireById(request.path.user_id ?? '');
      const { user, grantsEnded, sessionsEnded } = await deps.users.delete(target.username, actorOf(request));
      return { status: 200, body: { id: user.id, username: user.username, deleted: true, grants_ended: grantsEnded, sessions_ended: sessionsEnded } };
    },
  };
}

/** POST /admin/users/{user_id}/disable: also revokes the user's grants and ends the user's sessions. */
export function disableAdminUser(deps: { users: Users }): Operation<'disableAdminUser'> {
  return {
    ...adminBearer,
    async handle(request): Answer<'disableAdminUser'> {
      const target = await deps.users.requireById(request.path.user_id ?? '');
      const { user, grantsRevoked, sessionsEnded } = await deps.users.disable(target.username, actorOf(request));
      return { status: 200, body: { ...userView(user), refresh_token_families_revoked: grantsRevoked, sessions_ended: sessionsEnded } };
    },
  };
}

/** POST /admin/users/{user_id}/enable: revoked tokens stay revoked. */
export function enableAdminUser(deps: { users: Users }): Operation<'enableAdminUser'> {
  return {
    ...adminBearer,
    async handle(request): Answer<'enableAdminUser'> {
      const target = await deps.users.requireById(request.path.user_id ?? '');
      return { status: 200, body: userView(await deps.users.enable(target.username, actorOf(request))) };
    },
  };
}

/** PUT /admin/users/{user_id}/password: an admin reset, which revokes like `users set-password`. */
export function setAdminUserPassword(deps: { users: Users }): Operation<'setAdminUserPassword'> {
  return {
    ...adminBearer,
    async handle(request): Answer<'setAdminUserPassword'> {
      const target = await deps.users.requireById(request.path.user_id ?? '');
      const { password, keep_sessions: keepSessions } = request.body;
      const reset = await deps.users.setPassword(target.username, password, { keepSessions: keepSessions ?? false }, actorOf(request));
      const user = await deps.users.requireById(target.id);
      return { status: 200, body: { ...userView(user), refresh_token_families_revoked: reset.grantsRevoked, sessions_ended: reset.sessionsEnded } };
    },
  };
}
