// Deterministic fuzzing of the whole text pipeline with hostile Unicode and markup.

import * as assert from 'node:assert/strict';
import { splitForSynthesis, splitSentences } from '../../src/text/sentences';
import { cleanForSpeech } from '../../src/text/spoken';
import { escapedPrefixEnd, escapeXml } from '../../src/text/ssml';
import { assertValidSegments, assertWellFormedXmlContent, seededRandom, utf8Bytes, withoutWhitespace } from './textSupport.test';

const FRAGMENTS = [
  'word',
  'Hello',
  'the',
  'a',
  'Dr.',
  'e.g.',
  'U.S.',
  '3.14',
  'v1.2.3',
  '...',
  '…',
  '.',
  '!',
  '?',
  ',',
  ';',
  ':',
  '—',
  '–',
  '<speak>',
  '</prosody>',
  '<voice name="x">',
  '&amp;',
  '&',
  '&lt;',
  '&#x26;',
  ']]>',
  '<![CDATA[',
  '"',
  "'",
  '<',
  '>',
  '中文',
  '日本語。',
  '！',
  '？',
  '、',
  '한국어',
  'مرحبا',
  '؟',
  'שלום',
  'e\u0301',
  '\u0308\u0323',
  'Z\u0351\u0308',
  '😀',
  '👨‍👩‍👧‍👦',
  '🇫🇷',
  '👍🏽',
  '\u200D',
  '\u200B',
  '\uFEFF',
  '\uD800',
  '\uDBFF',
  '\uDC00',
  '\uDFFF',
  '\uFFFE',
  '\uFFFF',
  '\u0000',
  '\u0007',
  '\u000B',
  '\u000C',
  '\u001F',
  '\u007F',
  '\u0085',
  '\u009F',
  ' ',
  '  ',
  '\t',
  '\n',
  '\n\n',
  '\r\n',
  '\r',
  '\u2028',
  '\u2029',
  '\u00A0',
  '\u3000',
];

function randomString(random: () => number): string {
  const parts: string[] = [];
  const count = Math.floor(random() * 200);
  for (let i = 0; i < count; i++) {
    const r = random();
    if (r < 0.03) {
      // A long run without spaces, to force cuts inside words.
      parts.push('x'.repeat(Math.floor(random() * 600)));
    } else if (r < 0.1) {
      // A random UTF-16 code unit, surrogates included.
      parts.push(String.fromCharCode(Math.floor(random() * 0x10000)));
    } else if (r < 0.15) {
      parts.push(String.fromCodePoint(0x10000 + Math.floor(random() * 0xfffff)));
    } else {
      parts.push(FRAGMENTS[Math.floor(random() * FRAGMENTS.length)] ?? '');
    }
  }
  return parts.join('');
}

const BUDGETS = [6, 7, 11, 25, 64, 257, 4096];

describe('text pipeline fuzz', () => {
  it('cleans, splits and escapes 300 hostile strings safely', () => {
    const random = seededRandom(0x5eed);
    for (let n = 0; n < 300; n++) {
      const source = randomString(random);
      const maxBytes = BUDGETS[n % BUDGETS.length] ?? 4096;
      const base = Math.floor(random() * 1000);
      const context = `case ${n} (maxBytes ${maxBytes}): ${JSON.stringify(source.slice(0, 120))}`;
      try {
        const spoken = cleanForSpeech(source, base);
        assertWellFormedXmlContent(escapeXml(spoken.text));

        // Every word of the cleaned text is the exact document substring it maps back to.
        for (const match of spoken.text.matchAll(/\S+/g)) {
          const range = spoken.sourceRange(match.index, match.index + match[0].length);
          assert.equal(source.slice(range.start - base, range.end - base), match[0]);
        }

        const segments = splitForSynthesis(spoken, maxBytes);
        assertValidSegments(spoken.text, segments, maxBytes);
        // Nothing but whitespace lost or reordered across segments.
        assert.equal(withoutWhitespace(segments.map((s) => s.text).join('')), withoutWhitespace(spoken.text));

        const sentences = splitSentences(spoken);
        let previous = 0;
        for (const sentence of sentences) {
          assert.ok(sentence.start >= previous && sentence.end > sentence.start);
          previous = sentence.end;
        }
        assert.equal(withoutWhitespace(sentences.map((s) => spoken.text.slice(s.start, s.end)).join('')), withoutWhitespace(spoken.text));

        // The raw, uncleaned string must be safe to split and escape too.
        const raw = splitForSynthesis(source, maxBytes);
        assertValidSegments(source, raw, maxBytes);
        const escapedBytes = utf8Bytes(escapeXml(source));
        assert.equal(escapedPrefixEnd(source, 0, escapedBytes), source.length);
        if (source !== '') assert.ok(escapedPrefixEnd(source, 0, escapedBytes - 1) < source.length);
      } catch (error) {
        throw new Error(`${context}\n${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }
  });
});
