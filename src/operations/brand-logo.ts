import { etagOf, notModified } from '../http/etag.js';
import type { Answer, Operation } from '../http/operation.js';
import type { BrandSettings } from '../config/index.js';

/** How long browsers and proxies may keep the logo (it changes only with a restart, and the ETag revalidates). */
const maxAgeS = 86_400;

/** GET /brand/logo: the configured logo file, or 404. */
export function getBrandLogo(deps: { logo: BrandSettings['logo'] }): Operation<'getBrandLogo'> {
  const logo = deps.logo;
  const etag = logo ? etagOf(logo.bytes) : undefined;
  return {
    async handle({ headers }): Answer<'getBrandLogo'> {
      if (!logo || !etag) return { status: 404 };
      const cache = { 'Cache-Control': `public, max-age=${maxAgeS}`, ETag: etag, Pragma: '' };
      if (notModified(headers['if-none-match'], etag)) return { status: 304, headers: cache };
      return {
        status: 200,
        bytes: logo.bytes,
        // An SVG opened on its own must not run scripts on this origin.
        headers: { ...cache, 'Content-Type': logo.contentType, 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox" },
      };
    },
  };
}
