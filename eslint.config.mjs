// ESLint for the server, the CLI, tests, the generator and the web UI (issue #8): typescript-eslint's
// recommended rules, React hooks for web/, and nothing Prettier decides (eslint-config-prettier).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'data/', 'web/api/', 'bench/out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_name` marks a deliberately unused parameter or destructured field.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Parsers and raw-line display deal in control bytes on purpose (NUL, 0x1A, C0 controls).
      'no-control-regex': 'off',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node }, sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
  // Scripts and benchmarks report on stdout.
  { files: ['scripts/**', 'bench/**', 'samples/**', 'generator/**'], rules: { 'no-console': 'off' } },
  prettier,
  // Prettier wraps code at 140 but not strings, comments or SQL: the same limit for those (issue #8). An import of
  // one long migration name is the one thing that cannot be wrapped.
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    rules: { 'max-len': ['error', { code: 140, ignoreUrls: true, ignorePattern: '^import \\{ \\w+ \\} from ' }] },
  },
);
