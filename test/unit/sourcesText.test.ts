// The pure parts of reading beyond the editor: hover contents, problems at the cursor, excerpts, the
// public state names. Each is also run through the real text pipeline where that is what the user hears.
import * as assert from 'node:assert/strict';
import { passagePreparer } from '../../src/reading/passagePreparer';
import { planReading } from '../../src/reading/readingPlan';
import type { SessionState } from '../../src/session/SpeechSession';
import { readingAloudMessage, shortExcerpt } from '../../src/sources/excerpt';
import { hasWords } from '../../src/sources/hasWords';
import { hoverMarkdown } from '../../src/sources/hoverText';
import { problemSentence, problemsAt, problemsSpeech, type ProblemLike } from '../../src/sources/problemSpeech';
import { publicState } from '../../src/sources/publicState';

/** What the Reader sends for a text without a document read as `languageId` (as speakText asks). */
function spoken(text: string, languageId = 'markdown', codeBlocks: 'skip' | 'announce' | 'read' = 'announce'): string {
  const prepare = passagePreparer({ languageId, mode: 'document', codeBlocks, codeFiles: 'comments', pronunciations: [] });
  return planReading([{ text, offset: 0 }], 4096, prepare)
    .segments.map((segment) => segment.text)
    .join(' ');
}

describe('hover contents for the ear', () => {
  it('joins MarkdownStrings, plain strings and code snippets of every hover, in order', () => {
    const markdown = hoverMarkdown([
      { contents: [{ value: 'function greet(name: string): void', language: 'typescript' }, { value: 'Says **hello** to `name`.' }] },
      { contents: ['From a second provider.'] },
    ]);
    assert.equal(
      markdown,
      '```typescript\nfunction greet(name: string): void\n```\n\nSays **hello** to `name`.\n\nFrom a second provider.',
    );
  });

  it('reads as Markdown: the code snippet announced per the setting, the syntax gone', () => {
    const markdown = hoverMarkdown([
      { contents: [{ value: 'let x = 1', language: 'typescript' }, { value: 'See [the docs](https://example.com/docs).' }] },
    ]);
    const announced = spoken(markdown);
    assert.match(announced, /Code block/i);
    assert.doesNotMatch(announced, /let x/);
    assert.match(announced, /See the docs\./);
    assert.doesNotMatch(announced, /[*[\]`]|https/);
    assert.match(spoken(markdown, 'markdown', 'read'), /let x = 1/);
  });

  it('a snippet holding backticks cannot close its own fence', () => {
    const markdown = hoverMarkdown([{ contents: [{ value: 'const s = ```;', language: 'javascript' }] }]);
    assert.equal(markdown, '````javascript\nconst s = ```;\n````');
    assert.doesNotMatch(spoken(markdown), /const/);
  });

  it('is empty when every part is empty or malformed', () => {
    assert.equal(hoverMarkdown([]), '');
    assert.equal(hoverMarkdown([{ contents: [{ value: '' }, '  ', { value: '\n', language: 'ts' }] }]), '');
    assert.equal(hoverMarkdown([{ contents: [{ value: 42 } as unknown as { value: string }, null as unknown as string] }]), '');
  });
});

const problem = (over: Partial<ProblemLike> & Pick<ProblemLike, 'range'>): ProblemLike => ({
  message: 'Something is wrong',
  severity: 0,
  ...over,
});
const on = (line: number, start: number, end: number) => ({ start: { line, character: start }, end: { line, character: end } });

describe('problems at the cursor', () => {
  it('says severity, source and code before the message, as a sentence', () => {
    assert.equal(
      problemSentence(
        problem({ range: on(0, 0, 1), message: "'x' is declared but its value is never read", source: 'eslint', code: 'no-unused-vars' }),
      ),
      "Error from eslint, no-unused-vars: 'x' is declared but its value is never read.",
    );
    assert.equal(
      problemSentence(problem({ range: on(0, 0, 1), severity: 1, source: 'ts', code: 6133, message: 'Unused.' })),
      'Warning from ts, 6133: Unused.',
    );
    assert.equal(
      problemSentence(problem({ range: on(0, 0, 1), severity: 2, code: { value: 'MD013' } })),
      'Information, MD013: Something is wrong.',
    );
    assert.equal(
      problemSentence(problem({ range: on(0, 0, 1), severity: 3, message: 'Line one\n  line two' })),
      'Hint: Line one line two.',
    );
    assert.equal(problemSentence(problem({ range: on(0, 0, 1), severity: 9, source: ' ' })), 'Problem: Something is wrong.');
  });

  it('takes every problem containing the cursor, most severe first', () => {
    const warning = problem({ range: on(2, 0, 20), severity: 1, message: 'wide warning' });
    const error = problem({ range: on(2, 4, 8), severity: 0, message: 'narrow error' });
    const elsewhere = problem({ range: on(2, 12, 15), message: 'not here' });
    assert.deepEqual(problemsAt([warning, elsewhere, error], { line: 2, character: 6 }), [error, warning]);
    // Range ends count: a cursor just after the word still hears its problem.
    assert.deepEqual(problemsAt([error], { line: 2, character: 8 }), [error]);
  });

  it('otherwise takes the nearest problem on the cursor line, and none from other lines', () => {
    const left = problem({ range: on(5, 0, 3), message: 'left' });
    const right = problem({ range: on(5, 30, 35), message: 'right' });
    const below = problem({ range: on(6, 10, 12), message: 'below' });
    assert.deepEqual(problemsAt([left, right, below], { line: 5, character: 25 }), [right]);
    assert.deepEqual(problemsAt([left, right, below], { line: 5, character: 6 }), [left]);
    assert.deepEqual(problemsAt([left, right], { line: 4, character: 0 }), []);
    assert.deepEqual(problemsAt([], { line: 0, character: 0 }), []);
    // A problem spanning lines counts for each line it covers.
    const multi = { ...problem({ range: { start: { line: 8, character: 4 }, end: { line: 10, character: 2 } } }) };
    assert.deepEqual(problemsAt([multi], { line: 9, character: 50 }), [multi]);
  });

  it('several problems are read as separate sentences', () => {
    const text = problemsSpeech([
      problem({ range: on(0, 0, 1), source: 'eslint', code: 'semi', message: 'Missing semicolon' }),
      problem({ range: on(0, 0, 1), severity: 1, message: 'Unexpected console statement' }),
    ]);
    assert.equal(
      spoken(text, 'plaintext').replace(/\s+/g, ' '),
      'Error from eslint, semi: Missing semicolon. Warning: Unexpected console statement.',
    );
  });
});

describe('short excerpts', () => {
  it('keeps a short text on one line, without markup', () => {
    assert.equal(
      shortExcerpt('## Done\n\nAll **tests** pass: see [log](https://x.example).'),
      'Done All tests pass: see log https://x.example .',
    );
    assert.equal(shortExcerpt('  <img src=x onerror=alert(1)>  '), 'img src=x onerror=alert 1');
    assert.equal(shortExcerpt('a\u202eb\u0000c'), 'a b c');
  });

  it('cuts a long text at a word, with an ellipsis, never inside an emoji', () => {
    const excerpt = shortExcerpt('word '.repeat(40), 20);
    assert.ok(excerpt.endsWith('…') && Array.from(excerpt).length <= 20, excerpt);
    assert.doesNotMatch(excerpt, /wor…|\s…/);
    const emoji = shortExcerpt('😀'.repeat(30), 10);
    assert.equal(emoji, `${'😀'.repeat(9)}…`);
  });
});

describe("the tool's invocation message", () => {
  it('quotes a short, plain excerpt of what will be read', () => {
    assert.equal(
      readingAloudMessage('**Done.** All [tests](https://x.example) pass.'),
      'Reading aloud: "Done. All tests https://x.example pass."',
    );
    assert.equal(readingAloudMessage('  '), 'Reading aloud');
    assert.equal(readingAloudMessage(undefined), 'Reading aloud');
    assert.ok(readingAloudMessage('long words '.repeat(50)).length < 80);
  });
});

describe('text with words', () => {
  it('knows whitespace and invisible characters say nothing', () => {
    assert.equal(hasWords(''), false);
    assert.equal(hasWords(' \n\t\u200b\ufeff\u00a0'), false);
    assert.equal(hasWords(' a '), true);
    assert.equal(hasWords('—'), true);
  });
});

describe('public reading state', () => {
  it('names every session state for other extensions', () => {
    const all: SessionState[] = ['starting', 'playing', 'paused', 'needsUserGesture', 'finished', 'stopped', 'failed'];
    assert.deepEqual(all.map(publicState), ['loading', 'playing', 'paused', 'blocked', 'idle', 'idle', 'idle']);
  });
});
