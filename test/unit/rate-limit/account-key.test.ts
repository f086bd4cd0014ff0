import { accountKey } from '../../../src/rate-limit/index.js';
import type { UserRecord } from '../../../src/domain/records.js';

const user = (id: string, username: string): UserRecord => ({
  id,
  username,
  passwordHash: 'x',
  name: null,
  email: null,
  emailVerified: false,
  disabledAt: null,
  createdAt: 0,
  updatedAt: 0,
});

describe('accountKey: the lockout count of an account', () => {
  it("is the user's id once the name finds a user, whatever spelling found it", () => {
    const alice = user('0b7d0c1e-6f0a-4d1e-9a55-5d1b7a0f0c11', 'alice');
    // A database that folds accents would find alice under `alicé`: the count is still hers.
    expect(accountKey('alicé', alice)).toBe(accountKey('alice', alice));
    expect(accountKey('ALICE', alice)).toBe(accountKey('alice', alice));
    expect(accountKey('alice', alice)).not.toBe(accountKey('alice', user('another-id', 'alice')));
  });

  it('is the normalised name when no user has it, so unknown names are counted too', () => {
    expect(accountKey(' GHOST', undefined)).toBe(accountKey('ghost', undefined));
    expect(accountKey('ghost', undefined)).not.toBe(accountKey('ghosts', undefined));
  });

  it('never gives a name the key of an id', () => {
    const alice = user('0b7d0c1e-6f0a-4d1e-9a55-5d1b7a0f0c11', 'alice');
    for (const name of [alice.id, `user:${alice.id}`, `name:${alice.id}`, 'alice']) expect(accountKey(name, undefined)).not.toBe(accountKey('alice', alice));
  });
});
