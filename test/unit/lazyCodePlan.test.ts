// Code files and selections are planned window by window too: the first request leaves as soon as the
// first window is ready. Each window, read on its own, must say exactly what the whole says there: the same
// spoken text, every character mapping to the same document range, the same sentences. These tests compare
// the two over many random documents, cut into tiny windows so that cuts fall everywhere they may.
import * as assert from 'node:assert/strict';
import { CommentWindows } from '../../src/reading/commentWindows';
import type { WindowSizes } from '../../src/reading/documentWindows';
import { LazyReadingPlan, readingPlanFor } from '../../src/reading/lazyReadingPlan';
import { passagePreparer, windowKindFor, type SpeechTextOptions } from '../../src/reading/passagePreparer';
import { planReading, type ReadingPlan, type SourcePassage } from '../../src/reading/readingPlan';
import { WordTimeline } from '../../src/reading/wordTimeline';
import { commentCutAfter } from '../../src/text/code/codeForSpeech';
import type { SpokenText } from '../../src/text/spoken';
import { seededRandom } from './textSupport.test';

const WORDS = ['the', 'quick', 'brown', 'fox', 'getUserByID', 'snake_case', 'v1.2.3', 'src/app.ts', 'héllo', '👋', 'Done.', 'why?', 'a=>b'];

/** Whole constructs of many languages, several spanning blank lines, and loose delimiters that open or close them. */
function fragments(rng: () => number): string[] {
  const words = (n: number) => Array.from({ length: n }, () => WORDS[Math.floor(rng() * WORDS.length)]).join(' ');
  return [
    `/**\n * ${words(6)}.\n *\n * ${words(4)}\n */\n`,
    `// ${words(5)}\n// ${words(3)}\n`,
    `const s = "a // not a comment /* nor this ${words(2)}";\n`,
    'const t = `line one\n\n// inside a template, not a comment\n\n/* nor */ ${x}`;\n',
    `function f(a, b) {\n  return a + b; // ${words(3)}\n\n  // ${words(4)}\n}\n`,
    `/* ${words(3)}\n\n${words(4)} */ x();\n`,
    `let c = '\\'' + "\\"" + 'x'; // ${words(2)}\n`,
    `# ${words(4)}\n# ${words(2)}\n`,
    `def f():\n    """${words(3)}\n\n    ${words(2)}\n    """\n    return {\n\n        "k": """${words(2)}""",\n\n    }\n`,
    `x = [\n\n    '''${words(2)}''',\n\n]\n`,
    `--[[ ${words(3)}\n\n]] -- ${words(2)}\n`,
    `=begin\n${words(3)}\n\n=end\n`,
    `<!-- ${words(3)}\n\n${words(2)} -->\n`,
    `{- ${words(2)} {- nested\n\n-} ${words(2)} -}\n`,
    `/* outer /* inner\n\n */ still ${words(2)} */\n`,
    'line ends with \\\n',
    '#!/usr/bin/env node\n',
    '\n',
    '\n\n',
    '\r\n\r\n',
    '\n   \n',
    '    indented();\n',
    `${words(3)}\n`,
    ...[
      '"',
      "'",
      '`',
      '/*',
      '*/',
      '//',
      '#',
      '"""',
      "'''",
      '(',
      ')',
      '{',
      '}',
      '[',
      ']',
      '\\',
      '--',
      '-->',
      '--[[',
      ']]',
      '{-',
      '-}',
      '<!--',
      '-->',
      '$#',
      'é',
      '👋',
      '.',
      ' ',
    ],
  ];
}

function randomDocument(rng: () => number, size: number): string {
  const pool = fragments(rng);
  let text = '';
  while (text.length < size) {
    // Mostly whole constructs and blank lines, with loose delimiters now and then.
    const pick = rng() < 0.75 ? pool[Math.floor(rng() * 23)] : pool[Math.floor(rng() * pool.length)];
    text += pick;
  }
  return text;
}

const base = { codeBlocks: 'announce', pronunciations: [] } as const;

function lazyPlan(passages: readonly SourcePassage[], options: SpeechTextOptions, sizes: WindowSizes): LazyReadingPlan {
  const plan = new LazyReadingPlan(passages, passagePreparer(options), windowKindFor(options), 4096, sizes);
  while (plan.prepareNext()) {
    // every window
  }
  return plan;
}

interface Piece {
  readonly spoken: SpokenText;
  /** The passage's text without its leading and trailing whitespace. */
  readonly start: number;
  readonly end: number;
}

function piecesOf(passages: readonly SpokenText[]): Piece[] {
  return passages
    .map((spoken) => {
      const text = spoken.text;
      let start = 0;
      let end = text.length;
      while (start < end && /\s/.test(text.charAt(start))) start++;
      while (end > start && /\s/.test(text.charAt(end - 1))) end--;
      return { spoken, start, end };
    })
    .filter((piece) => piece.end > piece.start);
}

const joined = (pieces: readonly Piece[]) => pieces.map((p) => p.spoken.text.slice(p.start, p.end)).join('\n\n');
const segmentWords = (plan: ReadingPlan) => plan.segments.flatMap((segment) => segment.text.split(/\s+/)).filter(Boolean);

/**
 * The windows say what the whole says: the same text (windows meet where the whole has a paragraph
 * break), each character mapping to the same document range, the same sentences and requests' words.
 */
function assertSameAsWhole(passages: readonly SourcePassage[], options: SpeechTextOptions, sizes: WindowSizes, label: string): number {
  const whole = planReading(passages, 4096, passagePreparer(options));
  const lazy = lazyPlan(passages, options, sizes);
  const wholePieces = piecesOf(whole.passages);
  const lazyPieces = piecesOf(lazy.passages);
  assert.equal(joined(lazyPieces), joined(wholePieces), `${label}: spoken text`);

  let w = 0;
  let wStart = 0; // where whole piece w starts in the joined text
  let at = 0; // where the lazy piece starts in the joined text
  for (const piece of lazyPieces) {
    for (let k = 0; k < piece.end - piece.start; k++) {
      const position = at + k;
      while (wStart + (wholePieces[w]!.end - wholePieces[w]!.start) <= position) {
        wStart += wholePieces[w]!.end - wholePieces[w]!.start + 2;
        w++;
      }
      const wholePiece = wholePieces[w]!;
      assert.ok(position >= wStart, `${label}: character ${position} is a break between passages in the whole`);
      const inWhole = wholePiece.start + (position - wStart);
      const inLazy = piece.start + k;
      assert.deepEqual(
        piece.spoken.sourceRange(inLazy, inLazy + 1),
        wholePiece.spoken.sourceRange(inWhole, inWhole + 1),
        `${label}: the map of character ${position} (${JSON.stringify(piece.spoken.text.charAt(inLazy))})`,
      );
    }
    at += piece.end - piece.start + 2;
  }

  const lazyTimeline = new WordTimeline(lazy);
  const wholeTimeline = new WordTimeline(whole);
  assert.deepEqual(lazyTimeline.sentences, wholeTimeline.sentences, `${label}: sentences`);
  for (let n = 0; n < wholeTimeline.sentences.length; n++) {
    assert.equal(lazyTimeline.sentenceText(n), wholeTimeline.sentenceText(n), `${label}: sentence ${n}`);
  }
  assert.deepEqual(segmentWords(lazy), segmentWords(whole), `${label}: the requests' words`);
  return lazy.passages.length;
}

const LANGUAGES = ['typescript', 'python', 'rust', 'lua', 'ruby', 'haskell', 'html', 'shellscript', 'go', 'c', 'julia', 'powershell'];

describe('lazy plan of code files and selections: the same as the whole, window by window', function () {
  this.timeout(120_000);

  it('code files read by their comments: over many random documents cut into tiny windows', () => {
    let windows = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const rng = seededRandom(seed);
      const languageId = LANGUAGES[seed % LANGUAGES.length]!;
      const text = randomDocument(rng, 2000 + Math.floor(rng() * 8000));
      const sizes = { wholeUpTo: 0, target: 1 + Math.floor(rng() * 400), fallbackAfter: Infinity };
      const options = { ...base, languageId, mode: 'document', codeFiles: 'comments' } as const;
      windows += assertSameAsWhole([{ text, offset: 0 }], options, sizes, `seed ${seed} (${languageId})`);
      // Read From Cursor: anywhere, even inside a comment or a string or on a blank line.
      const from = Math.floor(rng() * text.length);
      assertSameAsWhole([{ text, offset: 0, from }], options, sizes, `seed ${seed} (${languageId}) from ${from}`);
    }
    assert.ok(windows > 1000, `${windows} windows: cuts were made`);
  });

  it('code files read whole and code selections, said as a developer says them: over many random documents', () => {
    let windows = 0;
    for (let seed = 1; seed <= 80; seed++) {
      const rng = seededRandom(1000 + seed);
      const languageId = LANGUAGES[seed % LANGUAGES.length]!;
      const text = randomDocument(rng, 2000 + Math.floor(rng() * 6000));
      const sizes = { wholeUpTo: 0, target: 1 + Math.floor(rng() * 300), fallbackAfter: Infinity };
      const all = { ...base, languageId, mode: 'document', codeFiles: 'all', codeSpeech: seed % 2 === 0 } as const;
      windows += assertSameAsWhole([{ text, offset: 0 }], all, sizes, `seed ${seed} (${languageId}, all)`);
      assertSameAsWhole(
        [{ text, offset: 0, from: Math.floor(rng() * text.length) }],
        all,
        sizes,
        `seed ${seed} (${languageId}, all, from)`,
      );

      // A multi-cursor selection: a few stretches of the document, each with its own offset.
      const cuts = [0, 0, 0, 0].map(() => Math.floor(rng() * text.length)).sort((a, b) => a - b);
      const passages: SourcePassage[] = [
        { text: text.slice(cuts[0], cuts[1]), offset: cuts[0]! },
        { text: text.slice(cuts[2], cuts[3]), offset: cuts[2]! },
      ];
      const selection = { ...base, languageId, mode: 'selection', codeFiles: 'comments', codeSpeech: true } as const;
      windows += assertSameAsWhole(passages, selection, sizes, `seed ${seed} (${languageId}, selection)`);
      // Jumping to a sentence of a selection reads it again from there (Reader.restartFrom).
      const from = cuts[2]! + Math.floor(rng() * (cuts[3]! - cuts[2]!));
      assertSameAsWhole([{ ...passages[1]!, from }], selection, sizes, `seed ${seed} (${languageId}, selection from ${from})`);
    }
    assert.ok(windows > 1000, `${windows} windows: cuts were made`);
  });

  it('Markdown and plain-text selections are cut too, as their documents are', () => {
    const markdown = Array.from(
      { length: 400 },
      (_, n) => `## Part ${n}\n\nSome **bold** text with a [link](https://example.com/${n}).\n\n`,
    ).join('');
    const plain = Array.from({ length: 400 }, (_, n) => `Paragraph ${n} says hello. See https://example.com/${n} now.\n\n`).join('');
    const sizes = { wholeUpTo: 0, target: 500 };
    for (const [languageId, text] of [
      ['markdown', markdown],
      ['plaintext', plain],
    ] as const) {
      const selection = { ...base, languageId, mode: 'selection', codeFiles: 'comments' } as const;
      const passages = [{ text: text.slice(100, 20_000), offset: 100 }];
      assert.ok(assertSameAsWhole(passages, selection, sizes, languageId) > 10);
    }
  });

  it('cuts a code file only at rest: never inside a comment, a string or a template literal, never inside a run of line comments', () => {
    const unit =
      '/**\n * Doc.\n *\n * More.\n */\nconst t = `a\n\nb`;\n\n// one\n\n// two\n// three\nconst s = "/*";\n\nconst u = "*/";\n\n';
    const text = unit.repeat(2000);
    const windows = [...new CommentWindows(text, 'typescript', { wholeUpTo: 0, target: 1, fallbackAfter: Infinity }).windowsFrom(0)];
    const starts = new Set(windows.map(([start]) => start % unit.length));
    // The only lines after a blank line at rest: `// one`, `// two`, `const u`, and the next unit's `/**`
    // (not `b` inside the template literal, not `// three` after `// two`, not `const s` after a comment).
    const allowed = [0, unit.indexOf('// one'), unit.indexOf('// two'), unit.indexOf('const u')];
    assert.deepEqual(
      [...starts].sort((a, b) => a - b),
      allowed,
    );
    assert.equal(windows.map(([s, e]) => text.slice(s, e)).join(''), text, 'the windows are the file, in order');
  });

  it('a file that is one giant comment has no cut: it is one window, read exactly', () => {
    const text = `/*${'Nothing closes this comment.\n\n'.repeat(5000)}`;
    assert.equal(commentCutAfter(text, 'typescript', 0, 1), text.length);
    const options = { ...base, languageId: 'typescript', mode: 'document', codeFiles: 'comments' } as const;
    assert.equal(assertSameAsWhole([{ text, offset: 0 }], options, { wholeUpTo: 0, target: 100 }, 'giant comment'), 1);
  });

  it('a long run of line comments, or code without a blank line, is cut at a line anyway: no window holds the host long', () => {
    const comments = '// The quick brown fox jumps over the lazy dog.\n'.repeat(40_000);
    const code = 'const a = getUserByID(1); // the quick brown fox\n'.repeat(40_000);
    for (const [text, options] of [
      [comments, { ...base, languageId: 'typescript', mode: 'document', codeFiles: 'comments' }],
      [code, { ...base, languageId: 'typescript', mode: 'selection', codeFiles: 'comments', codeSpeech: true }],
    ] as const) {
      const plan = lazyPlan([{ text, offset: 0 }], options, { wholeUpTo: 65_536, target: 32_768 });
      assert.ok(plan.passages.length > 10, `${plan.passages.length} windows`);
      const whole = planReading([{ text, offset: 0 }], 4096, passagePreparer(options));
      assert.deepEqual(segmentWords(plan), segmentWords(whole), 'the same words, in order');
      // From a cursor deep in it: the word under the cursor first, nothing before it.
      const from = text.indexOf('fox', 1_500_000);
      const fromCursor = readingPlanFor([{ text, offset: 0, from }], options);
      assert.ok(fromCursor.hasSegment(0));
      assert.match(fromCursor.segments[0]!.text, /^fox/);
    }
  });

  it('a 5 MB code file or selection: only the first window is made ready before the first request', () => {
    const unit = `/**\n * Adds two numbers. ${'Words of the comment. '.repeat(4)}\n *\n * Second paragraph.\n */\nexport function add(a: number, b: number): number {\n  // Sum them.\n  return a + b;\n}\n\n`;
    const text = unit.repeat(Math.ceil(5_000_000 / unit.length));
    for (const options of [
      { ...base, languageId: 'typescript', mode: 'document', codeFiles: 'comments' },
      { ...base, languageId: 'typescript', mode: 'document', codeFiles: 'all', codeSpeech: true },
      { ...base, languageId: 'typescript', mode: 'selection', codeFiles: 'comments', codeSpeech: true },
    ] as const) {
      const plan = readingPlanFor([{ text, offset: 0 }], options);
      assert.ok(plan.hasSegment(0));
      assert.equal(plan.passages.length, 1, `${options.mode} ${options.codeFiles}: one window prepared`);
      assert.ok(plan.passages[0]!.text.length < 100_000);
      assert.equal(plan.complete, false, 'the sentence count is not final yet ("n / total+")');
      const timeline = new WordTimeline(plan);
      const known = timeline.sentences.length;
      // Next Sentence past what is known prepares the next window (Reader.nextSentence).
      while (timeline.sentences.length <= known && plan.prepareNext()) {
        // on
      }
      assert.ok(timeline.sentences.length > known, 'the next window brings more sentences');
      assert.equal(plan.complete, false);
    }
  });

  it('Read From Cursor deep in a big code file starts at the word under the cursor, as the whole does', () => {
    const unit = '/**\n * The quick brown fox.\n *\n * Jumps over the lazy dog.\n */\nfunction f() {\n  return `x\n\ny`;\n}\n\n';
    const text = unit.repeat(Math.ceil(400_000 / unit.length));
    const from = text.indexOf('lazy dog', 300_000) + 2;
    const options = { ...base, languageId: 'typescript', mode: 'document', codeFiles: 'comments' } as const;
    const plan = readingPlanFor([{ text, offset: 0, from }], options);
    assert.ok(plan.hasSegment(0));
    assert.match(plan.segments[0]!.text, /^lazy dog\./);
    assert.ok(assertSameAsWhole([{ text, offset: 0, from }], options, { wholeUpTo: 65_536, target: 32_768 }, 'from the cursor') > 1);
  });

  it('Save as MP3 gets every window, prepared a window per turn of the event loop', async () => {
    const text = '// A comment line.\n\nconst a = 1;\n\n'.repeat(20_000);
    const options = { ...base, languageId: 'typescript', mode: 'document', codeFiles: 'comments' } as const;
    const plan = readingPlanFor([{ text, offset: 0 }], options);
    const prepared = plan.prepareAll();
    assert.equal(plan.passages.length, 0, 'nothing is prepared before the event loop turns');
    await prepared;
    assert.equal(plan.complete, true);
    assert.ok(plan.passages.length > 5, `${plan.passages.length} windows`);
    assert.deepEqual(segmentWords(plan), segmentWords(planReading([{ text, offset: 0 }], 4096, passagePreparer(options))));
  });

  it('a cancelled Save as MP3 stops preparing: prepareAll resolves on abort with windows left', async () => {
    const text = '// A comment line.\n\nconst a = 1;\n\n'.repeat(20_000);
    const options = { ...base, languageId: 'typescript', mode: 'document', codeFiles: 'comments' } as const;
    const plan = readingPlanFor([{ text, offset: 0 }], options);
    const controller = new AbortController();
    const prepared = plan.prepareAll(controller.signal);
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    await prepared;
    const windows = plan.passages.length;
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(plan.complete, false, 'the rest is not prepared');
    assert.equal(plan.passages.length, windows, 'no window is prepared after the abort');
  });
});
