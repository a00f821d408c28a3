// Read Document on a huge file must not hold the extension host for seconds: the text is prepared in
// slices with returns to the event loop between them, and says the same words as parsing it whole.
import * as assert from 'node:assert/strict';
import { passagePreparer } from '../../src/reading/passagePreparer';
import { planReading, type ReadingPlan, type SourcePassage } from '../../src/reading/readingPlan';
import { planReadingInSlices, preparationSlices, SLICE_CHARS, SLICE_THRESHOLD } from '../../src/reading/slicedPreparation';
import { WordTimeline } from '../../src/reading/wordTimeline';

const base = { codeBlocks: 'announce', codeFiles: 'comments', pronunciations: [] } as const;

function prepareFor(languageId: string, mode: 'document' | 'selection' = 'document') {
  return passagePreparer({ ...base, languageId, mode });
}

function words(plan: ReadingPlan): string[] {
  return plan.segments.flatMap((segment) => segment.text.split(/\s+/)).filter((word) => word.length > 0);
}

/** Every word of every segment maps back to the same word in the document. */
function assertMapsBack(plan: ReadingPlan, document: string, sample = 400): void {
  let checked = 0;
  const step = Math.max(1, Math.floor(plan.segments.length / sample));
  for (let n = 0; n < plan.segments.length; n += step) {
    const segment = plan.segments[n]!;
    const passage = plan.passages[segment.passageIndex]!;
    // Words of the document (not ones the reader inserts, like "link to" or "Code block").
    const match = /\b(?:quick|mistakes|Second|Part)\b/.exec(segment.text);
    if (!match) continue;
    const start = segment.start + match.index;
    const range = passage.sourceRange(start, start + match[0].length);
    assert.equal(document.slice(range.start, range.end), match[0], `segment ${n}`);
    checked++;
  }
  assert.ok(checked >= Math.min(50, plan.segments.length / step / 2), `${checked} words checked`);
}

const PARAGRAPH = 'The quick brown fox jumps over the lazy dog, and reading aloud helps you catch mistakes. See https://example.com/a/b.\n';

/** A long Markdown document whose fences, HTML comments and lists span blank lines. */
function markdownDocument(chars: number): string {
  const parts: string[] = [];
  let length = 0;
  for (let n = 0; length < chars; n++) {
    const part =
      n % 7 === 3
        ? `\`\`\`python\n${'x = 1\n\n'.repeat(4000)}\`\`\`\n\n` // a fence longer than a slice, with blank lines
        : n % 7 === 5
          ? `<!--\n${'hidden words\n\n'.repeat(3000)}-->\n\n`
          : `## Part ${n}\n\n${PARAGRAPH.repeat(40)}\n- item one\n\n  still item one\n\n`;
    parts.push(part);
    length += part.length;
  }
  return parts.join('');
}

/** A long TypeScript file: JSDoc blocks with blank lines, line comments, code. */
function typescriptDocument(chars: number): string {
  const unit = `/**\n * Adds ${PARAGRAPH.trim()}\n *\n * Second paragraph of the comment.\n */\nexport function add(a: number, b: number): number {\n  // Sum them.\n  return a + b;\n}\n\n`;
  return unit.repeat(Math.ceil(chars / unit.length));
}

describe('preparing a huge document in slices', function () {
  this.timeout(60_000);

  it('a document under the threshold is one slice, parsed exactly as before', async () => {
    const text = PARAGRAPH.repeat(Math.floor(SLICE_THRESHOLD / PARAGRAPH.length) - 1);
    assert.equal(preparationSlices({ text, offset: 0 }, { markdown: false }).length, 1);
    const prepare = prepareFor('plaintext');
    assert.deepEqual(
      (await planReadingInSlices([{ text, offset: 0 }], 4096, prepare, { markdown: false })).segments,
      planReading([{ text, offset: 0 }], 4096, prepare).segments,
    );
  });

  for (const [languageId, build] of [
    ['plaintext', (chars: number) => PARAGRAPH.repeat(Math.ceil(chars / PARAGRAPH.length)).replace(/\.\n/g, '.\n\n')],
    ['markdown', markdownDocument],
    ['typescript', typescriptDocument],
  ] as const) {
    it(`${languageId}, 2 MB: the same words as parsed whole, in slices of about ${SLICE_CHARS / 1024} KiB, each mapping back`, async () => {
      const document = build(2 * 1024 * 1024);
      const passages: SourcePassage[] = [{ text: document, offset: 0 }];
      const markdown = languageId === 'markdown';
      const slices = preparationSlices(passages[0]!, { markdown });
      assert.ok(slices.length >= 16, `${slices.length} slices`);
      const longest = Math.max(...slices.map((slice) => slice.text.length));
      assert.ok(longest < 3 * SLICE_CHARS || markdown, `longest slice ${longest} characters`);
      assert.equal(slices.map((slice) => slice.text).join(''), document, 'the slices are the document, in order');

      let pauses = 0;
      const sliced = await planReadingInSlices(passages, 4096, prepareFor(languageId), { markdown }, () => {
        pauses++;
        return Promise.resolve();
      });
      assert.equal(pauses, slices.length - 1, 'a return to the event loop between slices');
      const whole = planReading(passages, 4096, prepareFor(languageId));
      assert.deepEqual(words(sliced), words(whole));
      assertMapsBack(sliced, document);
    });
  }

  it('Markdown: never cut inside a fence or an HTML comment, however long', () => {
    const document = markdownDocument(1024 * 1024);
    for (const slice of preparationSlices({ text: document, offset: 0 }, { markdown: true })) {
      const fences = slice.text.match(/^```/gm)?.length ?? 0;
      assert.equal(fences % 2, 0, `a slice with an unclosed fence at ${slice.offset}`);
      assert.equal(slice.text.split('<!--').length, slice.text.split('-->').length, `an unclosed HTML comment at ${slice.offset}`);
    }
  });

  it('Read From Cursor deep in a huge file: slices before the cursor are skipped, speech starts at its word', async () => {
    const document = PARAGRAPH.repeat(20_000).replace(/\.\n/g, '.\n\n');
    const from = document.indexOf('quick', Math.floor(document.length * 0.7));
    const passages = [{ text: document, offset: 0, from }];
    const slices = preparationSlices(passages[0]!, { markdown: false });
    assert.ok(slices[0]!.offset > 0 && slices[0]!.offset <= from, 'the slices start near the cursor');
    const sliced = await planReadingInSlices(passages, 4096, prepareFor('plaintext'), { markdown: false });
    const whole = planReading(passages, 4096, prepareFor('plaintext'));
    assert.ok(sliced.segments[0]!.text.startsWith('quick brown fox'), sliced.segments[0]!.text.slice(0, 40));
    assert.deepEqual(words(sliced), words(whole));
  });

  it('text without blank lines is cut at line starts, twice as far apart', async () => {
    const document = PARAGRAPH.repeat(10_000);
    const slices = preparationSlices({ text: document, offset: 0 }, { markdown: false });
    assert.ok(slices.length > 2, `${slices.length} slices`);
    for (const slice of slices.slice(0, -1))
      assert.ok(slice.text.length >= 2 * SLICE_CHARS && slice.text.length < 2 * SLICE_CHARS + PARAGRAPH.length);
    const prepare = prepareFor('plaintext');
    const sliced = await planReadingInSlices([{ text: document, offset: 0 }], 4096, prepare, { markdown: false });
    assert.deepEqual(words(sliced), words(planReading([{ text: document, offset: 0 }], 4096, prepare)));
  });

  it('the timeline gets the sentences found slice by slice: the same as finding them whole', async () => {
    const document = typescriptDocument(512 * 1024);
    const sliced = await planReadingInSlices([{ text: document, offset: 0 }], 4096, prepareFor('typescript'), { markdown: false });
    const whole = planReading([{ text: document, offset: 0 }], 4096, prepareFor('typescript'));
    const withGivenSentences = new WordTimeline(sliced).sentences;
    const foundWhole = new WordTimeline(whole).sentences;
    assert.ok(withGivenSentences.length > 1000);
    assert.deepEqual(withGivenSentences, foundWhole);
  });

  it('one 1 MB line (a minified file) cannot be cut: it stays one slice', () => {
    const text = 'a'.repeat(1024 * 1024);
    assert.equal(preparationSlices({ text, offset: 0 }, { markdown: false }).length, 1);
  });
});
