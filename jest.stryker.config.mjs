// Mutation testing (`npm run mutate`): the unit and API tests, on SQLite only (the
// script clears LATCHKEY_TEST_DATABASE_URL). The CLI tests run the built dist/, which
// Stryker does not mutate; fuzz, e2e and cluster are too slow to run per mutant.
// LATCHKEY_MUTATE_TESTS=unit runs the unit tests alone: minutes instead of hours, and a
// lower bound of the score (a mutant the unit tests miss may still fail an API test).
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';
import { suiteConfig } from './jest.config.shared.mjs';

const folders = process.env.LATCHKEY_MUTATE_TESTS === 'unit' ? ['unit'] : ['unit', 'api'];

/** @type {import('jest').Config} */
export default suiteConfig('unit', {
  testMatch: folders.map((folder) => `<rootDir>/test/${folder}/**/*.test.ts`),
  testEnvironment: fileURLToPath(new URL('./test/helpers/stryker-jest-environment.cjs', import.meta.url)),
});
