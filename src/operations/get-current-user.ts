import type { Answer, Operation } from '../http/operation.js';
import { activeUserOfToken } from '../services/account-state.js';
import type { UserStore } from '../store/users.js';

/** GET /users/me: the user a `read` token was issued for. */
export function getCurrentUser(deps: { users: UserStore }): Operation<'getCurrentUser'> {
  return {
    bearer: { scopes: ['read'] },
    async handle({ accessToken }): Answer<'getCurrentUser'> {
      const user = await activeUserOfToken(deps.users, accessToken);
      return {
        status: 200,
        body: { id: user.id, username: user.username, name: user.name, email: user.email, scope: accessToken?.scopes ?? [] },
      };
    },
  };
}
