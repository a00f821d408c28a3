// The lint rule that keeps src/text/'s folders behind their index.ts: the project's own ESLint config,
// asked what it applies to a file in each place, run on import lines that must and must not be flagged.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint, Linter } from 'eslint';
import { parser } from 'typescript-eslint';

const ROOT = path.join(__dirname, '..', '..', '..');

/** The messages of the project's `no-restricted-imports` setting for `filePath` on `code`. */
async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const config = (await new ESLint({ cwd: ROOT }).calculateConfigForFile(filePath)) as { rules?: Linter.RulesRecord } | undefined;
  const setting = config?.rules?.['no-restricted-imports'];
  if (setting === undefined) return [];
  const linter = new Linter({ configType: 'flat', cwd: ROOT });
  const messages = linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser }, rules: { 'no-restricted-imports': setting } }], {
    filename: path.join(ROOT, filePath),
  });
  return messages.map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('lint: src/text/ folders are used through their entry', function () {
  this.timeout(60_000);

  it('flags a file inside a text folder imported from elsewhere in src/, bench/ or media/', async () => {
    const flagged: Array<[string, string]> = [
      ['src/reading/probe.ts', "import { appendInline } from '../text/markdown/markdownInline';"],
      ['src/reading/probe.ts', "import type { SpokenText } from '../text/spoken/spokenText';"],
      ['src/reading/probe.ts', "export { isWhitespace } from '../text/spoken/chars';"],
      ['src/engines/system/probe.ts', "import { splitSentences } from '../../text/sentences/sentences';"],
      ['src/config.ts', "import { validatePronunciations } from './text/pronunciation/pronunciations';"],
      ['src/reading/probe.ts', "import { escapeXml } from '../text/ssml/index';"],
      ['bench/probe.ts', "import { documentForSpeech } from '../src/text/code/codeForSpeech';"],
    ];
    for (const [file, line] of flagged) {
      const messages = await restrictedImports(file, line);
      assert.equal(messages.length, 1, `${file}: ${line} → ${messages.join('; ')}`);
      assert.match(messages[0]!, /^no-restricted-imports: .*Import the text folder/);
    }
  });

  it('flags one text folder reaching into another', async () => {
    for (const line of ["import { cleanSpokenText } from '../spoken/cleanText';", "import { SpeechFlow } from '../markdown/speechFlow';"]) {
      const messages = await restrictedImports('src/text/code/probe.ts', line);
      assert.equal(messages.length, 1, `${line} → ${messages.join('; ')}`);
    }
  });

  it('lets through the entries, a folder’s own files, and modules outside src/text/', async () => {
    const allowed: Array<[string, string]> = [
      ['src/reading/probe.ts', "import { splitForSynthesis } from '../text/sentences';"],
      ['src/config.ts', "import { validatePronunciations } from './text/pronunciation';"],
      ['bench/probe.ts', "import { documentForSpeech } from '../src/text/code';"],
      ['src/text/code/probe.ts', "import { cleanSpokenText } from '../spoken';"],
      ['src/text/code/probe.ts', "import { codeForTheEar } from './codeSpeech';"],
      ['src/text/pronunciation/probe.ts', "import { untrustedText } from '../../notifications/untrustedText';"],
      ['src/reading/probe.ts', "import { MAX_REQUEST_TEXT_BYTES } from '../speech/speechPolicy';"],
    ];
    for (const [file, line] of allowed) assert.deepEqual(await restrictedImports(file, line), [], `${file}: ${line}`);
  });
});
