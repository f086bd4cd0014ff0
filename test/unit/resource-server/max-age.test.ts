import { parseMaxAge } from '../../../src/resource-server/max-age.js';

describe('parseMaxAge (RFC 9111 §5.2.2.1)', () => {
  it.each([
    ['max-age=60', 60],
    ['public, max-age=600', 600],
    ['Max-Age = 10', 10],
    ['max-age="30"', 30],
    ['max-age=0', 0],
    ['no-cache', undefined],
    ['max-age=-5', undefined],
    ['max-age=1.5', undefined],
    ['max-age=', undefined],
    ['s-maxage=60', undefined],
    [null, undefined],
  ])('reads %j as %j', (header, expected) => {
    expect(parseMaxAge(header)).toBe(expected);
  });
});
