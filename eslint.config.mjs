// ESLint for the TypeScript sources (type-checked rules, typescript-eslint) and the few plain JavaScript
// files. Formatting is Prettier's job (`npm run format:check`), so eslint-config-prettier turns off the
// rules that would disagree with it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
