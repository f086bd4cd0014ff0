import type { UserinfoResponse } from '../../generated/types.gen.js';
import type { Answer, Operation } from '../http/operation.js';
import { activeUserOfToken } from '../services/account-state.js';
import type { UserStore } from '../store/users.js';

/** GET and POST /userinfo (OIDC Core §5.3): `sub` always, other claims as the scopes allow (§5.4). */
export function userinfo(deps: { users: UserStore }): Operation<'getUserinfo' | 'postUserinfo'> {
  return {
    cors: 'registered-origins',
    bearer: { scopes: ['openid'] },
    async handle({ accessToken }): Answer<'getUserinfo' | 'postUserinfo'> {
      const user = await activeUserOfToken(deps.users, accessToken);
      const scopes = accessToken?.scopes ?? [];
      const body: UserinfoResponse = { sub: user.id };
      if (scopes.includes('profile')) {
        body.preferred_username = user.username;
        body.updated_at = Math.floor(user.updatedAt / 1000);
        if (user.name) body.name = user.name;
      }
      if (scopes.includes('email') && user.email) {
        body.email = user.email;
        body.email_verified = user.emailVerified;
      }
      return { status: 200, body };
    },
  };
}
