// End-to-end tests: Debian's Chromium driven by playwright-core through the real
// pages against the real server (`npm run test:e2e`, `npm run test:e2e:mysql`).
// The same transform as the unit and API tests in package.json's "jest" section,
// which ignores test/e2e/ so that `npm test` needs no browser.
import { readFileSync } from 'node:fs';
import { URL } from 'node:url';

const { jest: base } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  transform: base.transform,
  transformIgnorePatterns: base.transformIgnorePatterns,
  moduleNameMapper: base.moduleNameMapper,
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
  globalSetup: '<rootDir>/test/e2e/global-setup.ts',
  testTimeout: 30000,
};
