import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Process boundaries: shared runs anywhere, the renderer never touches Node. */
const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'http',
  'https',
  'net',
  'stream',
];

export default tseslint.config(
  {
    ignores: [
      '.essais-*',
      '.coordination',
      'node_modules',
      'out',
      'dist',
      'release',
      'coverage',
      'test-results',
      'playwright-report',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'src/shared doit tourner partout : pas de module Node.' },
            {
              group: ['electron', 'react', 'react-dom', '**/main/**', '**/server/**', '**/renderer/**'],
              message: 'src/shared ne dépend de rien d’autre.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'Le renderer ne touche jamais Node.' },
            {
              group: ['electron', '**/main/**', '**/server/**', '**/preload/**'],
              message: 'Le renderer ne parle qu’au contrat partagé.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/**/*.ts', 'src/server/**/*.ts'],
    ignores: ['src/main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'Seul src/main/electron importe electron : le cœur tourne sans.' },
          ],
        },
      ],
    },
  },
);
