import { etagOf, notModified } from '../http/etag.js';
import type { Answer, Operation } from '../http/operation.js';
import { passkeyScript } from '../interaction/passkey-script.js';

/** How long browsers may keep the script before revalidating (it changes only with an upgrade, and the ETag tells). */
const maxAgeS = 86_400;

/** GET /assets/passkeys.js: `@simplewebauthn/browser` and the pages' glue, loaded by the pages with their CSP nonce. */
export function getPasskeyScript(): Operation<'getPasskeyScript'> {
  const bytes = Buffer.from(passkeyScript(), 'utf8');
  const etag = etagOf(bytes);
  return {
    async handle({ headers }): Answer<'getPasskeyScript'> {
      const cache = { 'Cache-Control': `public, max-age=${maxAgeS}`, ETag: etag, Pragma: '' };
      if (notModified(headers['if-none-match'], etag)) return { status: 304, headers: cache };
      return { status: 200, bytes, headers: { ...cache, 'Content-Type': 'text/javascript; charset=utf-8' } };
    },
  };
}
