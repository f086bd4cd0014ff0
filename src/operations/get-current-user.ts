import type { Answer, Operation } from '../http/operation.js';
import { OAuthError } from '../oauth/errors.js';
import { assertUserMayReceiveTokens } from '../services/account-state.js';
import type { UserStore } from '../store/users.js';

/** GET /users/me: the user a `read` token was issued for. */
export function getCurrentUser(deps: { users: UserStore }): Operation<'getCurrentUser'> {
  return {
    bearer: { scopes: ['read'] },
    async handle({ accessToken }): Answer<'getCurrentUser'> {
      const user = accessToken ? await deps.users.findById(accessToken.sub) : undefined;
      assertUserMayReceiveTokens(user, () => new OAuthError('invalid_token', 'The access token was not issued for an active user.'));
      return {
        status: 200,
        body: { id: user.id, username: user.username, name: user.name, email: user.email, scope: accessToken?.scopes ?? [] },
      };
    },
  };
}
