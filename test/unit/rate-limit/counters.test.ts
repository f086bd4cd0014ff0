import type { RateLimitSettings } from '../../../src/config/index.js';
import { createRateLimits, retryAfterSeconds } from '../../../src/rate-limit/counters.js';
import { memoryStore } from '../../../src/rate-limit/limiter-store.js';

const settings: RateLimitSettings = { enabled: true, ipRpm: 3, clientRpm: 3, failureWindowS: 900, clientAuthFailures: 2, ipAuthFailures: 2, loginIpFailures: 2 };

describe('counters (in memory)', () => {
  it('hit: allows the limit, refuses the next with the seconds left in the window', async () => {
    const { ipRequests } = createRateLimits(settings, memoryStore());
    for (let i = 0; i < 3; i += 1) expect(await ipRequests.hit('a')).toBeUndefined();
    const wait = await ipRequests.hit('a');
    expect(wait).toBeGreaterThan(55);
    expect(wait).toBeLessThanOrEqual(60);
    expect(await ipRequests.hit('b')).toBeUndefined();
  });

  it('add and blocked: failures count without refusing, and block once the limit is used up', async () => {
    const { clientAddressAuthFailures: clientAuthFailures } = createRateLimits(settings, memoryStore());
    expect(await clientAuthFailures.blocked('c')).toBeUndefined();
    await clientAuthFailures.add('c');
    expect(await clientAuthFailures.blocked('c')).toBeUndefined();
    await clientAuthFailures.add('c');
    expect(await clientAuthFailures.blocked('c')).toBeGreaterThan(895);
    expect(await clientAuthFailures.blocked('d')).toBeUndefined();
  });

  it('undo takes an attempt back', async () => {
    const { loginIpFailures } = createRateLimits(settings, memoryStore());
    for (let i = 0; i < 5; i += 1) {
      expect(await loginIpFailures.hit('e')).toBeUndefined();
      await loginIpFailures.undo('e');
    }
  });

  it('each limit counts on its own', async () => {
    const limits = createRateLimits(settings, memoryStore());
    await limits.ipAuthFailures.add('k');
    await limits.ipAuthFailures.add('k');
    expect(await limits.ipAuthFailures.blocked('k')).toBeDefined();
    expect(await limits.clientAddressAuthFailures.blocked('k')).toBeUndefined();
    expect(await limits.loginIpFailures.blocked('k')).toBeUndefined();
  });

  it('switched off, nothing is ever refused', async () => {
    const limits = createRateLimits({ ...settings, enabled: false }, memoryStore());
    for (let i = 0; i < 10; i += 1) {
      expect(await limits.ipRequests.hit('a')).toBeUndefined();
      await limits.clientAddressAuthFailures.add('a');
    }
    expect(await limits.clientAddressAuthFailures.blocked('a')).toBeUndefined();
  });
});

describe('retryAfterSeconds', () => {
  it('rounds up to whole seconds, at least 1', () => {
    expect(retryAfterSeconds(0)).toBe(1);
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(1000)).toBe(1);
    expect(retryAfterSeconds(1001)).toBe(2);
    expect(retryAfterSeconds(899_500)).toBe(900);
  });
});
