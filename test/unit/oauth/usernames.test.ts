import { isValidUsername, normaliseUsername } from '../../../src/oauth/usernames.js';

describe('normaliseUsername', () => {
  it('applies NFKC, trims and lower-cases, so that every spelling of one name finds one account', () => {
    expect(normaliseUsername('  Alice ')).toBe('alice');
    expect(normaliseUsername('ＡＬＩＣＥ')).toBe('alice');
    expect(normaliseUsername('ﬁona')).toBe('fiona');
  });

  it('keeps accents: alicé is another name than alice', () => {
    expect(normaliseUsername('Alicé')).toBe('alicé');
    expect(normaliseUsername('Alice\u0301')).toBe('alicé');
  });
});

describe('isValidUsername', () => {
  it('accepts 1 to 191 characters (the longest a utf8mb4 index takes)', () => {
    expect(isValidUsername('a')).toBe(true);
    expect(isValidUsername('a'.repeat(191))).toBe(true);
  });

  it.each([
    ['the empty name', ''],
    ['192 characters', 'a'.repeat(192)],
    ['a space inside', 'ali ce'],
    ['a tab', 'ali\tce'],
    ['a newline', 'alice\n'],
    ['a control character', 'ali\u0007ce'],
    ['DEL', 'alice\u007f'],
  ])('refuses %s', (_label, name) => {
    expect(isValidUsername(name)).toBe(false);
  });
});
