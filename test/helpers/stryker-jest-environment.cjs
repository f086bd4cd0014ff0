// The jest environment of mutation runs (jest.stryker.config.mjs; Stryker wraps it with its own).
//
// Stryker's per-test coverage counts code run in a `beforeAll` hook as "static": covered by no test,
// so each such mutant would re-run the whole suite (about 100 s here). Most of our API test files sign
// in, register clients or issue tokens in `beforeAll`, which made more than half of src/oauth's mutants
// static. Here the coverage of a `beforeAll` hook is credited to every test of its describe block: those
// are the tests that run the hook again when Stryker selects them, and the ones that depend on it.
// It uses Stryker's instrumenter context (`__stryker__.currentTestId`, `mutantCoverage.perTest`), as
// Stryker's own environment does.
const { TestEnvironment } = require('jest-environment-node');

const hookId = (hook) => `beforeAll hook of ${fullName(hook.parent)}`;

function fullName(block) {
  return block.parent ? `${fullName(block.parent)} ${block.name}`.trimStart() : '';
}

function testsOf(block) {
  return block.children.flatMap((child) => (child.type === 'test' ? [`${fullName(child.parent)} ${child.name}`.trimStart()] : testsOf(child)));
}

class CreditBeforeAllCoverage extends TestEnvironment {
  async handleTestEvent(event) {
    const stryker = this.global[this.global.__strykerGlobalNamespace__ ?? '__stryker__'];
    if (!stryker || !event.hook || event.hook.type !== 'beforeAll') return;
    if (event.name === 'hook_start') {
      stryker.currentTestId = hookId(event.hook);
      return;
    }
    if (event.name !== 'hook_success' && event.name !== 'hook_failure') return;
    stryker.currentTestId = undefined;
    const perTest = stryker.mutantCoverage?.perTest;
    const covered = perTest?.[hookId(event.hook)];
    if (!covered) return;
    delete perTest[hookId(event.hook)];
    for (const test of testsOf(event.hook.parent)) {
      const counts = (perTest[test] ??= {});
      for (const [mutant, hits] of Object.entries(covered)) counts[mutant] = (counts[mutant] ?? 0) + hits;
    }
  }
}

module.exports = CreditBeforeAllCoverage;
