import { clientKey, hashedKey, ipKey } from '../../../src/rate-limit/keys.js';

describe('ipKey: the key an address is counted under', () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['::ffff:203.0.113.9', '203.0.113.9'],
    ['::FFFF:10.0.0.1', '10.0.0.1'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002::9', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
  ])('%s -> %s', (ip, key) => {
    expect(ipKey(ip)).toBe(key);
  });

  it('puts every address of one IPv6 /64 under one key, and the next /64 under another', () => {
    expect(ipKey('2001:db8:a:b:ffff:ffff:ffff:ffff')).toBe(ipKey('2001:db8:a:b::1'));
    expect(ipKey('2001:db8:a:c::1')).not.toBe(ipKey('2001:db8:a:b::1'));
  });

  it('counts requests without a usable address together rather than not at all', () => {
    expect(ipKey(null)).toBe('unknown');
    expect(ipKey(undefined)).toBe('unknown');
    expect(ipKey('not an address')).toBe('unknown');
  });
});

describe('clientKey', () => {
  it('keeps ids up to the longest a registered id can be, and hashes longer ones to a fixed length', () => {
    expect(clientKey('abc')).toBe('c:abc');
    expect(clientKey('x'.repeat(64))).toBe(`c:${'x'.repeat(64)}`);
    expect(clientKey('x'.repeat(65_000))).toBe(`h:${hashedKey('x'.repeat(65_000))}`);
    expect(clientKey('x'.repeat(65_000))).toHaveLength(45);
  });
});
