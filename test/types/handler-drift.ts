// Compile-time checks, run by `tsc --noEmit -p .` (never executed): a handler that drifts from
// openapi.yaml must fail to compile. Each @ts-expect-error fails tsc if its error disappears.
import type { Answer, Operation, OperationRegistry } from '../../src/http/operation.js';

const requestedBy = { client_id: 'client', sub: 'user' };

// Handlers declare their answer type (`Answer<K>`), so a returned object literal is checked for excess fields.
export const answersAFieldTheSpecLacks: Operation<'getData'> = {
  async handle(): Answer<'getData'> {
    // @ts-expect-error `extra` is not a property of ExampleData in openapi.yaml
    return { status: 200, body: { items: [], requested_by: requestedBy, extra: true } };
  },
};

export const answersAWronglyTypedField: Operation<'getHealth'> = {
  async handle(): Answer<'getHealth'> {
    // @ts-expect-error HealthStatus.status is 'ok' or 'unavailable', not a number
    return { status: 200, body: { status: 1 } };
  },
};

export const readsAParameterTheSpecLacks: Operation<'postRevoke'> = {
  async handle({ body }): Answer<'postRevoke'> {
    // @ts-expect-error the revocation request (RFC 7009 §2.1) has no `tokens` parameter
    void body.tokens;
    return { status: 200 };
  },
};

export const readsAQueryParameterTheSpecLacks: Operation<'getAuthorize'> = {
  async handle({ query }): Answer<'getAuthorize'> {
    // @ts-expect-error the authorization request has no `redirect` parameter (it is `redirect_uri`)
    void query.redirect;
    return { status: 200, html: '' };
  },
};

declare const every: OperationRegistry;

// @ts-expect-error the registry must have a handler for getData
export const missingHandler: OperationRegistry = (({ getData: _getData, ...rest }) => rest)(every);

export const extraHandler: OperationRegistry = {
  ...every,
  // @ts-expect-error getSecretAdminThing is no operationId of openapi.yaml
  getSecretAdminThing: every.getData,
};
