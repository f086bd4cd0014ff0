import { invalidRequest } from '../../../src/oauth/errors.js';
import { requireParam } from '../../../src/grants/grant.js';
import { oauthError } from '../../helpers/oauth-error.js';

describe('requireParam', () => {
  it('returns the value of a present parameter', () => {
    expect(requireParam({ username: 'alice' }, 'username', invalidRequest)).toBe('alice');
  });

  // RFC 6749 §3.1: "Parameters sent without a value MUST be treated as if they were omitted."
  it.each([
    ['missing', {}],
    ['empty', { username: '' }],
  ])('refuses a %s parameter with the error it is given, naming it', (_name, params) => {
    expect(oauthError(() => requireParam(params, 'username', invalidRequest))).toMatchObject({
      code: 'invalid_request',
      description: 'The username parameter is required.',
    });
  });
});
