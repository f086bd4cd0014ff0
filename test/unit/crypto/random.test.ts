import { randomIdentifier, randomToken } from '../../../src/crypto/random.js';

describe('randomIdentifier', () => {
  it('gives 22 letters and digits by default, so a client_id never looks like a command-line option', () => {
    const ids = Array.from({ length: 5000 }, () => randomIdentifier());
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{22}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses every one of the 62 characters with roughly equal frequency', () => {
    const counts = new Map<string, number>();
    for (const c of randomIdentifier(62_000)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(62);
    // Expected 1000 each; 5 standard deviations (about 160) either side.
    for (const n of counts.values()) expect(Math.abs(n - 1000)).toBeLessThan(160);
  });

  it('honours the requested length', () => {
    expect(randomIdentifier(1)).toMatch(/^[A-Za-z0-9]$/);
    expect(randomIdentifier(300)).toHaveLength(300);
  });
});

describe('randomToken', () => {
  it('carries 256 bits by default as unpadded base64url', () => {
    expect(randomToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(randomToken(), 'base64url')).toHaveLength(32);
  });
});
