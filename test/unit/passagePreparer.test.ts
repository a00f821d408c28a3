import * as assert from 'node:assert/strict';
import { passagePreparer, type SpeechTextOptions } from '../../src/reading/passagePreparer';
import { planReading } from '../../src/reading/readingPlan';

const base: Omit<SpeechTextOptions, 'languageId' | 'mode'> = { codeBlocks: 'announce', codeFiles: 'comments', pronunciations: [] };

describe('passagePreparer', () => {
  it('reads a Markdown document without its syntax, and maps words back to it', () => {
    const doc = '# Read Aloud\n\nIt reads **bold** text and [links](https://example.com/x).\n\n```ts\nconst x = 1;\n```\n';
    const spoken = passagePreparer({ ...base, languageId: 'markdown', mode: 'document' })({ text: doc, offset: 0 });
    assert.doesNotMatch(spoken.text, /[#*[\]()`]|const/);
    assert.match(spoken.text, /Read Aloud/);
    assert.match(spoken.text, /Code block/);
    const at = spoken.text.indexOf('bold');
    const range = spoken.sourceRange(at, at + 4);
    assert.equal(doc.slice(range.start, range.end), 'bold');
  });

  it('reads a code file by its comments, but a code selection exactly as selected', () => {
    const code = '// Adds one.\nconst add = (x: number) => x + 1;\n';
    const document = passagePreparer({ ...base, languageId: 'typescript', mode: 'document' })({ text: code, offset: 0 });
    assert.equal(document.text, 'Adds one.');
    const selection = passagePreparer({ ...base, languageId: 'typescript', mode: 'selection' })({ text: code, offset: 0 });
    assert.match(selection.text, /const add = \(x: number\) => x \+ 1;/);
  });

  it("applies the user's pronunciations, highlighting the original word", () => {
    const prepare = passagePreparer({
      ...base,
      languageId: 'plaintext',
      mode: 'selection',
      pronunciations: [{ from: 'kubectl', to: 'cube control' }],
    });
    const text = 'Run kubectl now.';
    const spoken = prepare({ text, offset: 10 });
    assert.equal(spoken.text, 'Run cube control now.');
    const at = spoken.text.indexOf('cube control');
    assert.deepEqual(spoken.sourceRange(at, at + 'cube control'.length), { start: 14, end: 21 });
  });

  it('starts at `from` (restart at a sentence), for selections and documents alike', () => {
    const text = 'First sentence. Second sentence. Third one.';
    for (const mode of ['selection', 'document'] as const) {
      const prepare = passagePreparer({ ...base, languageId: 'plaintext', mode });
      const plan = planReading([{ text, offset: 100, from: 116 }], 4096, prepare);
      assert.equal(plan.segments.map((s) => s.text).join(' '), 'Second sentence. Third one.', mode);
    }
  });
});
