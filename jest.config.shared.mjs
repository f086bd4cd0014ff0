// Shared by the jest configs that run outside `npm test` (e2e, cluster): the same
// transform as package.json's "jest" section, which ignores their folders.
import { readFileSync } from 'node:fs';
import { URL } from 'node:url';

const { jest: base } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** A jest config for one test folder, with the main suite's transform. */
export function suiteConfig(folder, extra = {}) {
  return {
    testEnvironment: 'node',
    transform: base.transform,
    transformIgnorePatterns: base.transformIgnorePatterns,
    moduleNameMapper: base.moduleNameMapper,
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    testMatch: [`<rootDir>/test/${folder}/**/*.test.ts`],
    testTimeout: 30000,
    ...extra,
  };
}
