import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
