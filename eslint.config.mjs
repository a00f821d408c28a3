// ESLint for the TypeScript sources (type-checked rules, typescript-eslint) and the few plain JavaScript
// files. Formatting is Prettier's job (`npm run format:check`), so eslint-config-prettier turns off the
// rules that would disagree with it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ENTRY_ONLY = 'Import the text folder (its index.ts), not a file inside it.';
/** `…/text/<folder>/<file>`: a file inside one of src/text/'s folders. */
const TEXT_FOLDER_INTERNALS = { regex: '(^|/)text/[^/]+/', message: ENTRY_ONLY };
/** From inside src/text/<folder>/: `../<other folder>/<file>` (but not `../../elsewhere/…`). */
const SIBLING_TEXT_FOLDER_INTERNALS = { regex: '^\\.\\./(?!\\.\\./)[^/]+/', message: ENTRY_ONLY };

export default tseslint.config(
  {
    ignores: ['dist/', 'out/', 'node_modules/', '.e2e-tools/', '.test-artifacts/', '.vscode-test/', 'test/e2e/workspace/'],
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // The first project that includes a file types it: the extension, the player, then the tests
        // (which also include bench/).
        project: ['./tsconfig.json', './media/tsconfig.json', './test/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // `_name` marks a parameter an interface requires but this implementation does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // src/text/ has one folder per job (spoken, markdown, code, ...), each used only through its index.ts:
    // elsewhere, import the folder, never a file in it. Tests may reach into the folder they test.
    files: ['src/**/*.ts', 'bench/**/*.ts', 'media/**/*.ts'],
    ignores: ['src/text/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [TEXT_FOLDER_INTERNALS] }] },
  },
  {
    // Inside src/text/, a folder uses another folder through its entry too (`../spoken`, not `../spoken/chars`).
    files: ['src/text/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [TEXT_FOLDER_INTERNALS, SIBLING_TEXT_FOLDER_INTERNALS] }] },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Run inside the browser page by the e2e launcher (CDP), not in Node.
    files: ['test/e2e/launcher/*.js'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    // After the recommended sets, which turn it on.
    rules: {
      // Matching control characters is deliberate here: text for the ear and the SSML it goes into must
      // be cleaned of them.
      'no-control-regex': 'off',
    },
  },
  prettier,
);
