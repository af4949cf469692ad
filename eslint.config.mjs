import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'data/**', 'native/build/**', 'certs-test/pki/**', 'coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      // process.env is read in one place only: libs/config (and the test/CI scripts).
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through @kyso/config.' },
      ],
    },
  },
  {
    files: [
      'libs/config/**',
      'scripts/**',
      'test/**',
      'certs-test/**',
      '**/*.spec.ts',
      'bin/**',
      '.ci/**',
      'native/**',
      'apps/token-agent/**',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
);
