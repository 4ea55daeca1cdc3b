// ESLint flat config: typescript-eslint strict + type-checked, and the zone rules that keep the
// four environments apart (shared is pure; renderer never imports main; main never imports renderer).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const zone = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      '.tsbuild/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '**/*.mjs',
      '**/*.cjs',
      '**/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unnecessary-condition': 'off',
      'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='innerHTML']",
          message: 'No innerHTML: build DOM with React.',
        },
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'No dangerouslySetInnerHTML.',
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      ...zone(
        [
          'node:*',
          'fs',
          'path',
          'crypto',
          'electron',
          '**/main/**',
          '**/renderer/**',
          '**/preload/**',
          'react',
          'react-dom',
        ],
        'shared/ is pure: no Node, no DOM, no main/renderer imports.',
      ),
      'no-console': 'error',
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/cli/**', 'main/hosts/**'],
    rules: {
      ...zone(
        ['**/renderer/**', '**/preload/**', 'electron', 'react', 'react-dom'],
        'main services never import renderer code or electron (inject Electron-only pieces from main/hosts/electron).',
      ),
      'no-console': 'error',
    },
  },
  {
    files: ['main/cli/**/*.ts', 'main/hosts/web/**/*.ts'],
    rules: zone(
      ['**/renderer/**', '**/preload/**', 'electron'],
      'the CLI and web host run without Electron.',
    ),
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...zone(
        ['**/main/**', '**/preload/**', 'node:*', 'electron', 'fs', 'path'],
        'renderer/ talks to main only through window.yakker (the contract).',
      ),
    },
  },
  {
    files: ['preload/**/*.ts'],
    rules: zone(['**/main/**', '**/renderer/**'], 'preload/ is thin: electron and shared/ only.'),
  },
  {
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
