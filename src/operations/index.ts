import type { OperationRegistry } from '../http/operation.js';
import type { Latchkey } from '../latchkey.js';
import { getAuthorizationServerMetadata } from './get-authorization-server-metadata.js';
import { getCurrentUser } from './get-current-user.js';
import { getData } from './get-data.js';
import { getJwks } from './get-jwks.js';
import { postIntrospect } from './post-introspect.js';
import { postRevoke } from './post-revoke.js';
import { postToken } from './post-token.js';

/** The handler of every operationId in openapi.yaml. */
export function operationRegistry(lk: Latchkey): OperationRegistry {
  const clientAuth = { clients: lk.storage.clients, auditor: lk.auditor, now: lk.now };
  const maxAgeS = lk.config.jwksMaxAgeS;
  return {
    getAuthorizationServerMetadata: getAuthorizationServerMetadata({ issuer: lk.config.issuer, grantTypes: [...lk.grants.keys()], scopes: lk.storage.scopes, maxAgeS }),
    getJwks: getJwks({ keystore: lk.keystore, maxAgeS }),
    postToken: postToken({ grants: lk.grants, ...clientAuth }),
    postRevoke: postRevoke({ revokeToken: lk.revokeToken, ...clientAuth }),
    postIntrospect: postIntrospect({ introspect: lk.introspect, ...clientAuth }),
    getCurrentUser: getCurrentUser({ users: lk.storage.users }),
    getData: getData(),
  };
}
