import type { Response } from 'express';
import { accessTokenOf } from '../../../src/resource-server/index.js';

describe('accessTokenOf', () => {
  it('returns res.locals.accessToken', () => {
    const token = { sub: 's' };
    expect(accessTokenOf({ locals: { accessToken: token } } as unknown as Response)).toBe(token);
  });

  it('throws on a route without requireToken()', () => {
    expect(() => accessTokenOf({ locals: {} } as unknown as Response)).toThrow(/requireToken/);
  });
});
