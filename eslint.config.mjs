import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** SQL lives in src/store: elsewhere the database libraries may be named in types only. */
const sqlOnlyInStore = ['knex', 'mysql2', 'better-sqlite3'].map((name) => ({
  name,
  allowTypeImports: true,
  message: 'Queries belong in src/store (docs/architecture.md): add a store method instead.',
}));

/** One `no-restricted-imports` block per folder of src/: the folders (or root modules) it may not import. */
function layerRules(layers) {
  return Object.entries(layers).map(([folder, { forbid, typesOnly = [] }]) => ({
    files: [`src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: folder === 'store' ? [] : sqlOnlyInStore,
          patterns: [
            ...forbid.map((target) => ({
              group: target === '*' ? ['../*', '../../*'] : [`../${target}`, `../${target}/*`, `../${target}.js`, `../../${target}/*`],
              message: `src/${folder} may not import ${target === '*' ? 'anything outside its folder' : `from src/${target}`} (docs/architecture.md).`,
            })),
            ...typesOnly.map((target) => ({
              group: [`../${target}/*`],
              allowTypeImports: true,
              message: `src/${folder} may import only types from src/${target} (docs/architecture.md).`,
            })),
          ],
        },
      ],
    },
  }));
}

export default tseslint.config(
  { ignores: ['generated/**', 'dist/**', 'node_modules/**', 'coverage/**', 'data/**', 'bench/results/**', 'reports/**', '.stryker-tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-control-regex': 'off',
    },
  },
  {
    // Typed rules (issue 9 §6): every promise awaited or handled, none passed where a void callback is
    // expected, every union member handled in a switch, type-only imports marked as such.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  // The direction of the layers (docs/architecture.md): parsers -> validator -> registry -> operation ->
  // grant -> service -> store / crypto, with domain types under all of them. A wrong import fails here.
  { files: ['src/**/*.ts'], ignores: ['src/store/**'], rules: { 'no-restricted-imports': ['error', { paths: sqlOnlyInStore }] } },
  ...layerRules({
    domain: { forbid: ['*'] },
    store: { forbid: ['services', 'http', 'operations', 'grants', 'interaction', 'oauth', 'crypto', 'cli', 'rate-limit', 'lifecycle', 'config', 'latchkey', 'open-latchkey', 'app'] },
    oauth: { forbid: ['store', 'services', 'http', 'operations', 'grants', 'interaction', 'crypto', 'cli', 'rate-limit', 'lifecycle', 'latchkey', 'open-latchkey', 'app'] },
    crypto: { forbid: ['services', 'http', 'operations', 'grants', 'interaction', 'oauth', 'cli', 'rate-limit', 'lifecycle', 'latchkey', 'open-latchkey', 'app'] },
    services: { forbid: ['http', 'operations', 'grants', 'interaction', 'cli', 'lifecycle', 'latchkey', 'open-latchkey', 'app'] },
    grants: { forbid: ['http', 'operations', 'interaction', 'cli', 'lifecycle', 'latchkey', 'open-latchkey', 'app'] },
    interaction: { forbid: ['operations', 'grants', 'cli', 'lifecycle', 'latchkey', 'open-latchkey', 'app'], typesOnly: ['http'] },
    http: { forbid: ['operations', 'grants', 'cli', 'lifecycle', 'latchkey', 'open-latchkey', 'app'] },
    operations: { forbid: ['cli', 'lifecycle', 'open-latchkey', 'app'] },
    config: { forbid: ['store', 'services', 'http', 'operations', 'grants', 'interaction', 'oauth', 'crypto', 'cli', 'rate-limit', 'lifecycle', 'latchkey', 'open-latchkey', 'app'] },
    'resource-server': { forbid: ['*'] },
  }),
  {
    // An operation declares its policies beside its handler (src/http/operation.ts); outside src/http,
    // no code decides behaviour by a request's path.
    files: ['src/**/*.ts'],
    ignores: ['src/http/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='req'][property.name=/^(path|url|originalUrl|baseUrl)$/]",
          message: 'Declare the policy on the operation (src/http/operation.ts) instead of testing the request path.',
        },
      ],
    },
  },
  {
    files: ['bin/**/*.js', 'scripts/*.cjs', 'test/helpers/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
