import { defaultPasswordPolicy, maxPasswordLength, passwordProblem } from '../../../src/services/password-policy.js';

/** NIST SP 800-63B-4 §3.1.1.2, as Latchkey applies it to passwords being set. */
describe('password policy', () => {
  it('needs 15 characters by default, counting Unicode code points, and allows the configured minimum down to 8', () => {
    expect(passwordProblem('fourteen chars', defaultPasswordPolicy)).toBe('password must be at least 15 characters (a few words make a good one); it has 14');
    expect(passwordProblem('fifteen chars!!', defaultPasswordPolicy)).toBeUndefined();
    // Fifteen code points, thirty UTF-16 units: counted as 15, so long enough, and 14 of them are not.
    expect(passwordProblem('😀'.repeat(14) + 'x', defaultPasswordPolicy)).toBeUndefined();
    expect(passwordProblem('😀'.repeat(13) + 'x', defaultPasswordPolicy)).toMatch(/it has 14$/);
    expect(passwordProblem('zorp-glub', { minLength: 8 })).toBeUndefined();
    expect(passwordProblem('zorp-gl', { minLength: 8 })).toMatch(/^password must be at least 8 characters/);
  });

  it(`allows up to ${maxPasswordLength} characters`, () => {
    expect(passwordProblem('ab'.repeat(512), defaultPasswordPolicy)).toBeUndefined();
    expect(passwordProblem(`${'ab'.repeat(512)}c`, defaultPasswordPolicy)).toBe('password must be at most 1024 characters');
  });

  it('has no composition rules: lower-case words alone are fine', () => {
    expect(passwordProblem('correct horse battery staple', defaultPasswordPolicy)).toBeUndefined();
    expect(passwordProblem('lowercaseletterswithoutspaces', defaultPasswordPolicy)).toBeUndefined();
  });

  it.each(['password', '12345678', 'PassWord', 'iloveyou', 'qwertyuiop', 'sunshine'])('refuses %s from the list of common and breached passwords', (password) => {
    expect(passwordProblem(password, { minLength: 8 })).toBe('password is on the list of common and breached passwords: choose another');
  });

  it.each(['passwordpassword', '1qaz2wsx3edc4rfv', 'qwertyuiop12345'])('refuses %s even at the default length', (password) => {
    expect(passwordProblem(password, defaultPasswordPolicy)).toMatch(/common and breached/);
  });

  it('refuses one character repeated and the username itself', () => {
    expect(passwordProblem('z'.repeat(20), defaultPasswordPolicy)).toMatch(/one character repeated/);
    expect(passwordProblem('Alice.Wonderland', defaultPasswordPolicy, 'alice.wonderland')).toMatch(/must not be the username/);
    expect(passwordProblem('alice.wonderland!', defaultPasswordPolicy, 'alice.wonderland')).toBeUndefined();
  });
});
