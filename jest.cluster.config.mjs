// Cluster test: two real server processes sharing one MySQL database and one
// Redis (`npm run test:cluster`; issue 5 §2). The same transform as the unit and
// API tests in package.json's "jest" section, which ignores test/cluster/ so
// that `npm test` needs neither MySQL nor Redis for it.
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
  testMatch: ['<rootDir>/test/cluster/**/*.test.ts'],
  testTimeout: 30000,
};
