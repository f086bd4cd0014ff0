import { ConfigError, loadConfig } from '../../../src/config/index.js';

describe('rate-limit, lockout and proxy settings', () => {
  it('defaults: limits on, Keycloak-like lockout, no proxy trusted', () => {
    const config = loadConfig({});
    expect(config.rateLimits).toEqual({ enabled: true, ipRpm: 1200, clientRpm: 3000, failureWindowS: 900, clientAuthFailures: 20, ipAuthFailures: 50, loginIpFailures: 100 });
    expect(config.lockout).toEqual({ threshold: 30, waitIncrementS: 60, maxWaitS: 900, resetS: 43_200 });
    expect(config.trustProxy).toBe(false);
    expect(config.redisPrefix).toBe('latchkey:');
    expect(Object.isFrozen(config.rateLimits) && Object.isFrozen(config.lockout)).toBe(true);
  });

  it('reads every setting', () => {
    const config = loadConfig({
      LATCHKEY_RATE_LIMITS: 'off',
      LATCHKEY_RATE_LIMIT_IP_RPM: '10',
      LATCHKEY_RATE_LIMIT_CLIENT_RPM: '11',
      LATCHKEY_RATE_LIMIT_FAILURE_WINDOW_S: '12',
      LATCHKEY_RATE_LIMIT_CLIENT_AUTH_FAILURES: '13',
      LATCHKEY_RATE_LIMIT_IP_AUTH_FAILURES: '14',
      LATCHKEY_RATE_LIMIT_LOGIN_IP_FAILURES: '15',
      LATCHKEY_LOCKOUT_THRESHOLD: '0',
      LATCHKEY_LOCKOUT_WAIT_INCREMENT_S: '16',
      LATCHKEY_LOCKOUT_MAX_WAIT_S: '17',
      LATCHKEY_LOCKOUT_RESET_S: '18',
      LATCHKEY_REDIS_PREFIX: 'staging:',
    });
    expect(config.rateLimits).toEqual({ enabled: false, ipRpm: 10, clientRpm: 11, failureWindowS: 12, clientAuthFailures: 13, ipAuthFailures: 14, loginIpFailures: 15 });
    expect(config.lockout).toEqual({ threshold: 0, waitIncrementS: 16, maxWaitS: 17, resetS: 18 });
    expect(config.redisPrefix).toBe('staging:');
  });

  it.each([
    ['', false],
    ['off', false],
    ['false', false],
    ['0', false],
    ['on', true],
    ['TRUE', true],
    ['2', 2],
    ['loopback', ['loopback']],
    ['10.0.0.0/8, 192.168.1.1,fd00::/8', ['10.0.0.0/8', '192.168.1.1', 'fd00::/8']],
    ['10.0.0.0/255.0.0.0,uniquelocal,linklocal', ['10.0.0.0/255.0.0.0', 'uniquelocal', 'linklocal']],
  ])('LATCHKEY_TRUST_PROXY=%p -> %p', (raw, expected) => {
    expect(loadConfig({ LATCHKEY_TRUST_PROXY: raw }).trustProxy).toEqual(expected);
  });

  it.each([
    ['LATCHKEY_TRUST_PROXY', 'proxy.example.com'],
    ['LATCHKEY_TRUST_PROXY', '10.0.0.0/33'],
    ['LATCHKEY_TRUST_PROXY', '10.0.0.1,'],
    ['LATCHKEY_TRUST_PROXY', '-1'],
    ['LATCHKEY_RATE_LIMITS', 'sometimes'],
    ['LATCHKEY_RATE_LIMIT_IP_RPM', '0'],
    ['LATCHKEY_RATE_LIMIT_CLIENT_AUTH_FAILURES', '1.5'],
    ['LATCHKEY_LOCKOUT_RESET_S', '0'],
  ])('refuses %s=%p naming the setting', (name, raw) => {
    expect(() => loadConfig({ [name]: raw })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: raw })).toThrow(new RegExp(`^${name}: `));
  });
});
