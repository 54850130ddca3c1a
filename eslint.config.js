// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

// Which concept folders under src/ each folder may import (STYLE.md: dependencies
// point one way; no cycles). Anything not listed is forbidden. Tests may also use testenv.
const layers = {
  core: [],
  exec: ['core'],
  testenv: ['core', 'exec'],
  source: ['core', 'exec'],
  render: ['core', 'exec', 'source'],
  cluster: ['core', 'exec'],
  health: ['core'],
  apis: ['core', 'health', 'source'],
  project: ['core', 'apis'],
  credentials: ['core', 'apis'],
  install: ['core', 'cluster', 'apis'],
  diff: ['core', 'cluster', 'health'],
  sync: ['core', 'cluster', 'diff', 'health'],
  controller: [
    'core',
    'exec',
    'source',
    'render',
    'cluster',
    'diff',
    'health',
    'sync',
    'apis',
    'project',
    'credentials',
  ],
  service: [
    'core',
    'exec',
    'source',
    'render',
    'cluster',
    'diff',
    'health',
    'sync',
    'controller',
    'apis',
    'project',
    'credentials',
  ],
  api: [
    'core',
    'exec',
    'source',
    'render',
    'cluster',
    'diff',
    'health',
    'sync',
    'controller',
    'apis',
    'project',
    'credentials',
  ],
  client: ['core', 'apis', 'service'],
  server: [
    'core',
    'exec',
    'source',
    'render',
    'cluster',
    'diff',
    'health',
    'sync',
    'controller',
    'apis',
    'project',
    'credentials',
    'api',
    'service',
    'install',
  ],
  cli: [
    'core',
    'exec',
    'testenv',
    'source',
    'render',
    'cluster',
    'diff',
    'health',
    'sync',
    'controller',
    'api',
    'service',
    'client',
    'server',
    'apis',
    'project',
    'credentials',
    'install',
  ],
  demo: [
    'core',
    'exec',
    'testenv',
    'source',
    'render',
    'cluster',
    'diff',
    'health',
    'sync',
    'controller',
    'api',
    'service',
    'client',
    'server',
    'cli',
    'apis',
    'project',
    'credentials',
    'install',
  ],
};
const folders = Object.keys(layers);

const noShellExec = {
  name: 'node:child_process',
  importNames: ['exec', 'execSync'],
  message: 'Spawn tools with execFile/spawn and an argument array, never a shell string.',
};

/** @param {string[]} allowed */
function importRules(allowed) {
  const forbidden = folders.filter((f) => !allowed.includes(f));
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: [noShellExec],
        patterns: [
          {
            // another folder only through its index.ts
            regex: '^(\\.\\./)+[a-z-]+/(?!index\\.js$).+',
            message: 'Import another folder through its index.ts.',
          },
          ...(forbidden.length
            ? [
                {
                  regex: `^(\\.\\./)+(${forbidden.join('|')})/`,
                  message:
                    'This import points against the dependency direction (see STYLE.md and eslint.config.js).',
                },
              ]
            : []),
        ],
      },
    ],
  };
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'test-results/', '.scratch/'] },
  eslint.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [noShellExec] }],
    },
  },
  ...folders.map((folder) => ({
    files: [`src/${folder}/**/*.ts`],
    ignores: ['**/*.test.ts'],
    rules: importRules(layers[folder]),
  })),
  ...folders.map((folder) => ({
    files: [`src/${folder}/**/*.test.ts`],
    rules: importRules([...layers[folder], 'testenv']),
  })),
  // The web UI (ui/): browser code. It may take types from src/ (`import type`),
  // never code: nothing of the server reaches the bundle.
  {
    files: ['ui/**/*.{ts,tsx}'],
    ignores: ['ui/vite.config.ts'],
    languageOptions: {
      parserOptions: { ecmaFeatures: { jsx: true } },
      globals: {
        window: 'readonly',
        document: 'readonly',
        location: 'readonly',
        history: 'readonly',
        localStorage: 'readonly',
        fetch: 'readonly',
        EventSource: 'readonly',
        URLSearchParams: 'readonly',
        AbortController: 'readonly',
        DOMException: 'readonly',
      },
    },
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/*', '**/src/**'],
              allowTypeImports: true,
              message: 'The UI may import only types from src/ (import type).',
            },
            { group: ['node:*'], message: 'The UI runs in the browser: no Node.js modules.' },
          ],
        },
      ],
    },
  },
);
