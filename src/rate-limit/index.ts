export { createRateLimits, limiterStoreFor, type RateLimits } from './counters.js';
export { accountKey, GuardedSignIn } from './guarded-sign-in.js';
export { GuardedSecondFactor } from './guarded-second-factor.js';
export { limitRequests, rateLimitErrors } from './middleware.js';
export { tooManySignInFailures } from './rate-limited-error.js';
export { rateLimitedPage } from './rate-limited-page.js';
