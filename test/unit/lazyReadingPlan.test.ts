import * as assert from 'node:assert/strict';
import { DocumentWindows, markdownSpans, WHOLE_DOCUMENT_LIMIT, WINDOW_TARGET_CHARS } from '../../src/reading/documentWindows';
import { LazyReadingPlan } from '../../src/reading/lazyReadingPlan';
import { passagePreparer, windowKindFor } from '../../src/reading/passagePreparer';
import { planReading, type SourcePassage } from '../../src/reading/readingPlan';
import { WordTimeline } from '../../src/reading/wordTimeline';

/** A Markdown document of about `size` characters with everything that spans blank lines. */
function markdownDocument(size: number): string {
  const parts: string[] = [];
  let length = 0;
  const add = (part: string): void => {
    parts.push(part);
    length += part.length;
  };
  add('---\ntitle: Test\n\nauthor: me\n---\n\n');
  for (let n = 1; length < size; n++) {
    add(`# Chapter ${n}\n\nThis is **paragraph** ${n}, with a [link](https://example.com/${n}). It has two sentences.\n\n`);
    add(`- item one of ${n}\n- item two\n\n`);
    if (n % 7 === 0) {
      add('```python\ndef f():\n\n    return 1\n\n\n# not a heading\n```\n\n');
    }
    if (n % 11 === 0) {
      add('<!-- a comment\n\nwith a blank line -->\n\nAfter the comment.\n\n');
    }
    if (n % 13 === 0) {
      add('$$\nx = 1\n\ny = 2\n$$\n\n');
    }
  }
  return parts.join('');
}

const options = (languageId: string) => ({
  languageId,
  mode: 'document' as const,
  codeBlocks: 'announce' as const,
  codeFiles: 'comments' as const,
  pronunciations: [],
});

function lazyPlan(passages: SourcePassage[], languageId: string): LazyReadingPlan {
  const plan = new LazyReadingPlan(passages, passagePreparer(options(languageId)), windowKindFor(options(languageId)));
  while (plan.prepareNext()) {
    // all of it
  }
  return plan;
}

const words = (texts: readonly string[]) => texts.join(' ').split(/\s+/).filter(Boolean);

describe('lazy reading plan: big documents start at once', () => {
  it('cuts Markdown only between blocks: never inside fences, comments, math or front matter, never before an indented line', () => {
    const doc = markdownDocument(400_000);
    const windows = new DocumentWindows(doc, 'markdown', { wholeUpTo: WHOLE_DOCUMENT_LIMIT, target: 4096 });
    const spans = markdownSpans(doc);
    assert.ok(spans.length > 20, 'the document has fences, comments and math');
    const cuts = [...windows.windowsFrom(0)].map(([start]) => start).slice(1);
    assert.ok(cuts.length > 50, `${cuts.length} windows`);
    for (const cut of cuts) {
      assert.match(doc.slice(Math.max(0, cut - 2), cut), /\n\n$/, `cut at ${cut} follows a blank line`);
      assert.doesNotMatch(doc[cut]!, /\s/, `cut at ${cut} starts an unindented line`);
      assert.ok(
        !spans.some(([s, e]) => cut > s && cut < e),
        `cut at ${cut} is inside ${JSON.stringify(spans.find(([s, e]) => cut > s && cut < e))}`,
      );
    }
    assert.deepEqual(
      [...windows.windowsFrom(0)].map(([s, e]) => doc.slice(s, e)).join(''),
      doc,
      'the windows are the document, in order, with nothing lost or repeated',
    );
  });

  it('says exactly what the whole-document plan says, with the same sentences at the same offsets', () => {
    const doc = markdownDocument(300_000);
    const eager = planReading([{ text: doc, offset: 0 }], undefined, passagePreparer(options('markdown')));
    const lazy = lazyPlan([{ text: doc, offset: 0 }], 'markdown');
    assert.ok(lazy.passages.length > 3, `${lazy.passages.length} windows`);
    assert.deepEqual(words(lazy.segments.map((s) => s.text)), words(eager.segments.map((s) => s.text)));
    assert.deepEqual(new WordTimeline(lazy).sentences, new WordTimeline(eager).sentences);

    const plain = 'A line of plain text. And another one here.\n'
      .repeat(3000)
      .replace(/\n/g, (m, i: number) => (i % 900 === 0 ? '\n\n' : m));
    const eagerPlain = planReading([{ text: plain, offset: 0 }], undefined, passagePreparer(options('plaintext')));
    const lazyPlain = lazyPlan([{ text: plain, offset: 0 }], 'plaintext');
    assert.ok(lazyPlain.passages.length > 1);
    assert.deepEqual(words(lazyPlain.segments.map((s) => s.text)), words(eagerPlain.segments.map((s) => s.text)));
    assert.deepEqual(new WordTimeline(lazyPlain).sentences, new WordTimeline(eagerPlain).sentences);
  });

  it('reads from the cursor deep in a big document exactly as the whole-document plan does', () => {
    const doc = markdownDocument(300_000);
    const from = doc.indexOf('It has two sentences.', 200_000);
    const eager = planReading([{ text: doc, offset: 0, from }], undefined, passagePreparer(options('markdown')));
    const lazy = lazyPlan([{ text: doc, offset: 0, from }], 'markdown');
    assert.deepEqual(words(lazy.segments.map((s) => s.text)), words(eager.segments.map((s) => s.text)));
    assert.deepEqual(new WordTimeline(lazy).sentences, new WordTimeline(eager).sentences);
    assert.match(lazy.segments[0]!.text, /^It has two sentences\./);
  });

  it('makes only the first window ready before the first request, and the rest as they are pulled', () => {
    const doc = markdownDocument(5_000_000);
    const plan = new LazyReadingPlan([{ text: doc, offset: 0 }], passagePreparer(options('markdown')), 'markdown');
    assert.ok(plan.hasSegment(0));
    assert.equal(plan.passages.length, 1, 'one window prepared');
    assert.ok(plan.passages[0]!.text.length < 2 * WINDOW_TARGET_CHARS);
    assert.equal(plan.complete, false);
    const timeline = new WordTimeline(plan);
    const before = timeline.sentences.length;
    let pulled = 0;
    for (const segment of plan.segmentsInOrder()) {
      assert.ok(segment.text.length > 0);
      if (++pulled === 40) {
        break;
      }
    }
    assert.ok(plan.passages.length > 1 && !plan.complete, 'pulling prepared more windows, not all of them');
    assert.ok(timeline.sentences.length > before, 'the timeline picks up the new sentences');
  });

  it('prepares the rest in the background, a window per macrotask, and stops when told', async () => {
    const doc = markdownDocument(600_000);
    const plan = new LazyReadingPlan([{ text: doc, offset: 0 }], passagePreparer(options('markdown')), 'markdown');
    await new Promise<void>((resolve) => plan.prepareRest(new AbortController().signal, resolve));
    assert.equal(plan.complete, true);
    const stopped = new LazyReadingPlan([{ text: doc, offset: 0 }], passagePreparer(options('markdown')), 'markdown');
    const abort = new AbortController();
    stopped.prepareRest(abort.signal);
    abort.abort();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(stopped.passages.length, 0);
  });

  it('prepares small documents whole, as before; code files and selections of any language window by window', () => {
    const small = markdownDocument(WHOLE_DOCUMENT_LIMIT - 2000);
    assert.equal(lazyPlan([{ text: small, offset: 0 }], 'markdown').passages.length, 1);
    const code = '// comment\n\nconst a = 1;\n\n'.repeat(10_000);
    assert.ok(lazyPlan([{ text: code, offset: 0 }], 'typescript').passages.length > 3);
    assert.equal(windowKindFor({ languageId: 'markdown', mode: 'selection', codeFiles: 'comments' }), 'markdown');
    assert.equal(windowKindFor({ languageId: 'plaintext', mode: 'selection', codeFiles: 'comments' }), 'plain');
    assert.equal(windowKindFor({ languageId: 'typescript', mode: 'selection', codeFiles: 'comments' }), 'code');
    assert.equal(windowKindFor({ languageId: 'typescript', mode: 'document', codeFiles: 'all' }), 'code');
    assert.deepEqual(windowKindFor({ languageId: 'python', mode: 'document', codeFiles: 'comments' }), { comments: 'python' });
    assert.equal(lazyPlan([{ text: ' \n\n ', offset: 0 }], 'markdown').hasSegment(0), false);
  });
});
