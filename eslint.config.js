import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import importCycles from './lint-rules/import-cycles.js';

/** Code lines (blank lines and comments not counted) a file may hold before it should be split. */
const MAX_CODE_LINES = 400;

/** Imports that mean Discord, the store, the queue or the scheduler: runtime a pure layer must not reach. */
const RUNTIME_PACKAGES = [
  { group: ['discord.js', '@discordjs/*'], message: 'news/ and topics/ never talk to Discord: return data, and let discord/ or jobs/ render and send it.' },
  { group: ['keyv', '@keyv/*', 'pg', 'bullmq'], message: 'news/ and topics/ never reach the store or the queue: take what they need as arguments.' },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['bin/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },

  // Layers. news/ (reading and understanding articles) and topics/ (matching) are the bot's core: they know
  // nothing of Discord, the store, jobs, commands or scaling, so they can be tested, benchmarked and reused
  // alone. The store sits below the jobs and commands that use it.
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX, newsbot: { rules: { 'import-cycles': importCycles } } },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
      // Without these the plugin reads only .js files when it follows imports, and no-cycle sees no TypeScript.
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: ['./src/news', './src/topics'],
              from: ['./src/discord', './src/store', './src/jobs', './src/commands', './src/scale', './src/app.ts', './src/context.ts', './src/index.ts', './src/cli.ts'],
              message: 'news/ and topics/ are the pure core: they never import Discord, the store, jobs, commands or the app (pass data in instead).',
            },
            {
              target: './src/store',
              from: ['./src/discord', './src/jobs', './src/commands', './src/scale', './src/app.ts', './src/context.ts', './src/index.ts', './src/cli.ts'],
              message: 'The store sits below jobs, commands and Discord: it keeps data and never calls up into them.',
            },
          ],
        },
      ],
      // A cycle means two modules are one concept split in two, or a lower layer calling up into a higher one.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // ...and one closed by a type import, which import-x/no-cycle does not follow.
      'newsbot/import-cycles': 'error',
    },
  },
  {
    files: ['src/news/**/*.ts', 'src/topics/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: RUNTIME_PACKAGES }] },
  },

  // File length.
  {
    files: ['src/**/*.ts', 'bench/**/*.ts'],
    rules: { 'max-lines': ['error', { max: MAX_CODE_LINES, skipBlankLines: true, skipComments: true }] },
  },
  {
    // Justified exceptions, each with its reason:
    // - src/topics/match.ts (510-600 code lines): the SCORING table and the TopicIndex that applies it are tuned
    //   together against the topic evaluation, and the matching rework (issue 13: flat cost up to 100,000
    //   follows) is reshaping that index now; split it (index building vs scoring) once that lands, not twice.
    files: ['src/topics/match.ts'],
    rules: { 'max-lines': 'off' },
  },
  {
    // Tests hold scenario after scenario, and tests/support holds a fake Discord server that grows with the API
    // it imitates: a higher ceiling (its conformance suite, tests/support/discord-server.test.ts, is ~620).
    files: ['tests/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 650, skipBlankLines: true, skipComments: true }] },
  },
);
