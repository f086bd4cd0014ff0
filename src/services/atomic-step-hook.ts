import type { Stores } from '../store/index.js';

/**
 * The steps whose outcome must not depend on what changed after the read before them: the single-use
 * steps (one atomic UPDATE decides) and recording a user grant (the account check holds a lock):
 * `grant.begin` comes before the grant's transaction, `grant.record` after its locked account read.
 */
export type AtomicStep = 'authorization_code.consume' | 'refresh_token.rotate' | 'grant.begin' | 'grant.record' | 'totp.consume' | 'recovery_code.consume' | 'webauthn_challenge.consume';

/**
 * A test hook, awaited after a request has passed the single-use pre-check and right before the
 * atomic step that spends the code or token, with the stores that step uses (the rotation's
 * transaction for refresh tokens; outside any transaction for codes). Tests use it to hold requests
 * until all of them have passed the pre-check. Only {@link ComposeOptions} sets it: never the
 * environment, never a request.
 */
export type BeforeAtomicStep = (step: AtomicStep, stores: Stores) => Promise<void>;

/** The production value: nothing happens between the check and the atomic step. */
export const noBeforeAtomicStep: BeforeAtomicStep = async () => undefined;
