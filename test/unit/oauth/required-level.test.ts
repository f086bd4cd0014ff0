import { requiredLevel } from '../../../src/oauth/required-level.js';

const pwd = 'urn:latchkey:acr:pwd';
const mfa = 'urn:latchkey:acr:mfa';
const base = { secondFactorRequired: false, userHasSecondFactor: false, phishingResistantAvailable: false };

describe('the level a sign-in needs', () => {
  it.each([
    ['nothing asks for more: a password', base, false, { kind: 'level', acr: pwd }],
    ['the client or server requires a second factor', { ...base, secondFactorRequired: true }, false, { kind: 'level', acr: mfa }],
    ['the user has a second factor: always asked for', { ...base, userHasSecondFactor: true }, false, { kind: 'level', acr: mfa }],
    ['the request asks for multi-factor', { ...base, requested: mfa }, false, { kind: 'level', acr: mfa }],
    ['a request for a password never lowers a client minimum', { ...base, secondFactorRequired: true, requested: pwd }, false, { kind: 'level', acr: mfa }],
    ['a voluntary phr without passkeys: as close as possible', { ...base, requested: 'phr' }, false, { kind: 'level', acr: mfa }],
    ['an essential phr without passkeys: unmet', { ...base, requested: 'phr' }, true, { kind: 'unmet' }],
    ['phr once passkeys are offered', { ...base, requested: 'phr', phishingResistantAvailable: true }, true, { kind: 'level', acr: 'phr' }],
  ] as const)('%s', (_name, policy, essential, expected) => {
    expect(requiredLevel(policy, essential)).toEqual(expected);
  });
});
