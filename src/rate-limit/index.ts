export { createRateLimits, limiterStoreFor, retryAfterSeconds, type Counter, type RateLimits } from './counters.js';
export { accountKey, GuardedUsers, type SignInAttempt, type SignInContext, type SignInGuard } from './guarded-users.js';
export { clientAddressKey, clientKey, hashedKey, ipKey } from './keys.js';
export { lockedUntil, lockSeconds, type FailureRecord } from './lockout.js';
export { knexLoginFailureStore, type LoginFailureStore } from './login-failure-store.js';
export { limitRequests, rateLimitErrors } from './middleware.js';
export { RateLimitedError, tooManySignInFailures } from './rate-limited-error.js';
export { rateLimitedPage, renderRateLimitedPage } from './rate-limited-page.js';
