// End-to-end tests: Debian's Chromium driven by playwright-core through the real
// pages against the real server (`npm run test:e2e`, `npm run test:e2e:mysql`,
// `npm run test:e2e:postgres`).
import { suiteConfig } from './jest.config.shared.mjs';

/** @type {import('jest').Config} */
export default suiteConfig('e2e', { globalSetup: '<rootDir>/test/e2e/global-setup.ts' });
