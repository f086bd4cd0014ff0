import { OAuthError } from '../../src/oauth/errors.js';

/** Runs `fn` and returns the OAuthError it throws; fails the test when it throws nothing or something else. */
export function oauthError(fn: () => unknown): OAuthError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(OAuthError);
    return error as OAuthError;
  }
  throw new Error('expected an OAuthError');
}
