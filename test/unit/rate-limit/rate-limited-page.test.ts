import { renderRateLimitedPage } from '../../../src/rate-limit/rate-limited-page.js';
import { expectSoundPage, forms, HOSTILE, HOSTILE_ESCAPED } from '../interaction/pages/page-checks.js';

describe('renderRateLimitedPage', () => {
  it('is a sound page with no forms that says how long to wait', () => {
    const page = renderRateLimitedPage({ nonce: 'n-r', retryAfterS: 45 });
    expectSoundPage(page, { nonce: 'n-r' });
    expect(forms(page)).toEqual([]);
    expect(page).toContain('<h1>Too many sign-in attempts</h1>');
    expect(page).toContain('Try again in 45 seconds.');
    expect(renderRateLimitedPage({ nonce: 'n', retryAfterS: 1 })).toContain('Try again in 1 second.');
    expect(renderRateLimitedPage({ nonce: 'n', retryAfterS: 900 })).toContain('Try again in 15 minutes.');
  });

  it('never says whether the account exists', () => {
    expect(renderRateLimitedPage({ nonce: 'n', retryAfterS: 60 })).not.toMatch(/exist|unknown|locked/i);
  });

  it('shows an escaped request id only when given', () => {
    expect(renderRateLimitedPage({ nonce: 'n', retryAfterS: 5 })).not.toContain('Request ID');
    const page = renderRateLimitedPage({ nonce: 'n', retryAfterS: 5, requestId: HOSTILE });
    expect(page).toContain(`<code>${HOSTILE_ESCAPED}</code>`);
    expect(page).not.toContain('<script>');
  });
});
