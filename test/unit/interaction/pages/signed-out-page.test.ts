import { renderSignedOutPage } from '../../../../src/interaction/pages/index.js';
import { expectSoundPage, forms } from './page-checks.js';

describe('renderSignedOutPage', () => {
  it('is a sound page that says the person has signed out', () => {
    const page = renderSignedOutPage({ nonce: 'n-s' });
    expectSoundPage(page, { nonce: 'n-s' });
    expect(page).toContain('<h1>You have signed out.</h1>');
    expect(page).toContain('<title>Signed out – Latchkey</title>');
    expect(forms(page)).toEqual([]);
  });
});
