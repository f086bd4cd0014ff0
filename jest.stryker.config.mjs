// Mutation testing (`npm run mutate`): the unit and API tests, on SQLite only (the
// script clears LATCHKEY_TEST_DATABASE_URL). The CLI tests run the built dist/, which
// Stryker does not mutate; fuzz, e2e and cluster are too slow to run per mutant.
import { fileURLToPath, URL } from 'node:url';
import { suiteConfig } from './jest.config.shared.mjs';

/** @type {import('jest').Config} */
export default suiteConfig('unit', {
  testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/api/**/*.test.ts'],
  testEnvironment: fileURLToPath(new URL('./test/helpers/stryker-jest-environment.cjs', import.meta.url)),
});
