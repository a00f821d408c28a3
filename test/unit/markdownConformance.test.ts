// How well the hand-written Markdown parser (src/text/markdown/markdownForSpeech.ts) agrees with a reference
// CommonMark + GFM parser about what is prose. micromark renders every example of the CommonMark spec
// (0.31.2) and a set of GFM constructs to HTML; the words a reader would hear are taken from that HTML and
// compared with the words markdownForSpeech speaks. The parser stays hand-written (it keeps exact offsets,
// is small and fast); micromark is only the measuring stick, a devDependency used here alone.
//
// Deliberate differences are normalized: URLs are said as "link to <host>", the content of
// <script>/<style> is not prose, a table is announced with its size before its rows ("Table, 2 columns,
// 3 rows."), and raw HTML is skipped, so the spec's "HTML blocks" and "Raw HTML" sections are not
// compared. What remains is counted, and the count may only go up.
import * as assert from 'node:assert/strict';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { markdownForSpeech } from '../../src/text/markdown';

// commonmark-spec ships no types: its examples, with the spec's → standing for a tab.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const spec = require('commonmark-spec') as { tests: Array<{ markdown: string; section: string; number: number }> };

/**
 * Spec examples on which both agree, as measured when this test was written. Raise it when the parser
 * gets better; the test fails if it gets worse.
 */
const AGREEING_SPEC_EXAMPLES = 558;
/** Raw HTML is skipped on purpose (it is markup, not prose): these sections are not compared. */
const SKIPPED_SECTIONS = new Set(['HTML blocks', 'Raw HTML']);

const GFM_EXAMPLES: readonly string[] = [
  '| Name | Role |\n|------|------|\n| Ada | engineer |\n| Alan | logician |\n',
  'Some ~~deleted~~ and ~kept~ text.\n',
  '- [ ] open task\n- [x] done task\n',
  'Visit www.example.com/path today, or https://example.org.\n',
  'Mail me at someone@example.com please.\n',
  '| a | b |\n|---|:-:|\n| `code` | **bold** |\n\nAfter the table.\n',
];

const BLOCK_TAGS = /<\/?(?:p|h[1-6]|li|ul|ol|blockquote|pre|hr|br|table|thead|tbody|tr|td|th|div|input)\b[^>]*>/g;
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/** The words of micromark's rendering that a listener would hear. */
function referenceWords(markdown: string): string[] {
  const html = micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
  const text = html
    .replace(/<(script|style|textarea)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<img\b[^>]*\balt="([^"]*)"[^>]*>/g, ' $1 ')
    .replace(BLOCK_TAGS, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ENTITIES[name] ?? '')
    .replace(/\b(?:https?:\/\/|www\.)([^\s/?#<>]+)[^\s<>]*/g, 'link to $1');
  return wordsOf(text);
}

function spokenWords(markdown: string): string[] {
  const spoken = markdownForSpeech(markdown, 0, { codeBlocks: 'read' }).text;
  return wordsOf(spoken.replace(/\bTable, \d+ columns?, \d+ rows?\./g, ' '));
}

function wordsOf(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+/gu) ?? [];
}

describe('markdownForSpeech against micromark (CommonMark 0.31.2 + GFM)', function () {
  this.timeout(60_000);

  it(`agrees on the prose of at least ${AGREEING_SPEC_EXAMPLES} of the spec's examples`, () => {
    const disagreements = new Map<string, number[]>();
    let agreeing = 0;
    const compared = spec.tests.filter((example) => !SKIPPED_SECTIONS.has(example.section));
    for (const example of compared) {
      const markdown = example.markdown.replace(/→/g, '\t');
      if (referenceWords(markdown).join(' ') === spokenWords(markdown).join(' ')) {
        agreeing++;
      } else {
        disagreements.set(example.section, [...(disagreements.get(example.section) ?? []), example.number]);
      }
    }
    const report = [...disagreements].map(([section, numbers]) => `${section}: ${numbers.join(', ')}`).join('\n');
    console.log(`      agree on ${agreeing} of ${compared.length} examples compared; differ on:\n${report.replace(/^/gm, '        ')}`);
    assert.ok(spec.tests.length >= 600, `only ${spec.tests.length} examples: the spec did not load`);
    assert.ok(agreeing >= AGREEING_SPEC_EXAMPLES, `agrees on ${agreeing}, fewer than ${AGREEING_SPEC_EXAMPLES}; differ on:\n${report}`);
  });

  for (const markdown of GFM_EXAMPLES) {
    it(`reads the prose of GFM ${JSON.stringify(markdown.slice(0, 40))}…`, () => {
      assert.deepEqual(spokenWords(markdown), referenceWords(markdown));
    });
  }
});
