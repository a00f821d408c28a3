// Shared checks for the text pipeline tests, and tests showing the checks themselves can fail.

import * as assert from 'node:assert/strict';
import { escapeXml } from '../../src/text/ssml';
import type { TextSegment } from '../../src/text/sentences';
import { SpokenTextBuilder, type SpokenText } from '../../src/text/spoken';

/** A small seeded PRNG (mulberry32) so that fuzz failures reproduce. Returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A string spoken as is: every offset maps to itself plus `sourceBase`. */
export function spokenTextOf(text: string, sourceBase = 0): SpokenText {
  return new SpokenTextBuilder(text, sourceBase).appendSource(0, text.length).build();
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Words as a reader would see them: maximal runs of non-whitespace. */
export function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word.length > 0);
}

export function withoutWhitespace(text: string): string {
  return text.replace(/\s+/g, '');
}

const REFERENCE = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/y;

/**
 * Why `text` is not well-formed XML character data (the content of an element with no child elements),
 * or undefined if it is: every code point must be an XML 1.0 Char, `<` must not appear, every `&` must
 * start a predefined entity or a character reference, and `]]>` must not appear.
 */
export function xmlContentProblem(text: string): string | undefined {
  if (text.includes(']]>')) return 'contains ]]>';
  for (let i = 0; i < text.length;) {
    const code = text.codePointAt(i) ?? 0;
    const isChar =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      code >= 0x10000;
    if (!isChar) return `U+${code.toString(16).toUpperCase().padStart(4, '0')} at ${i} is not an XML Char`;
    if (code === 0x3c) return `raw < at ${i}`;
    if (code === 0x26) {
      REFERENCE.lastIndex = i;
      if (!REFERENCE.test(text)) return `& at ${i} does not start a reference`;
    }
    i += code >= 0x10000 ? 2 : 1;
  }
  return undefined;
}

export function assertWellFormedXmlContent(text: string): void {
  const problem = xmlContentProblem(text);
  assert.equal(problem, undefined, `${problem}: ${JSON.stringify(text.slice(0, 200))}`);
}

/**
 * The invariants every split must satisfy: segments in order, each the exact slice of `text` it claims,
 * non-empty and trimmed, only whitespace between and around them, within the byte budget once escaped,
 * escaped well-formed, and never starting or ending inside a surrogate pair.
 */
export function assertValidSegments(text: string, segments: readonly TextSegment[], maxBytes: number): void {
  let previousEnd = 0;
  for (const [n, segment] of segments.entries()) {
    const where = `segment ${n} [${segment.start}, ${segment.end})`;
    assert.ok(segment.start >= previousEnd && segment.end > segment.start, `${where} out of order or empty`);
    assert.equal(text.slice(segment.start, segment.end), segment.text, `${where} text differs from its range`);
    assert.equal(segment.text.trim(), segment.text, `${where} is not trimmed`);
    assert.equal(text.slice(previousEnd, segment.start).trim(), '', `${where}: non-whitespace lost before it`);
    const escaped = escapeXml(segment.text);
    assert.ok(utf8Bytes(escaped) <= maxBytes, `${where} escapes to ${utf8Bytes(escaped)} > ${maxBytes} bytes`);
    assertWellFormedXmlContent(escaped);
    assert.ok(
      !isLowSurrogateAt(text, segment.start) || !isHighSurrogateAt(text, segment.start - 1),
      `${where} starts inside a surrogate pair`,
    );
    assert.ok(!isLowSurrogateAt(text, segment.end) || !isHighSurrogateAt(text, segment.end - 1), `${where} ends inside a surrogate pair`);
    previousEnd = segment.end;
  }
  assert.equal(text.slice(previousEnd).trim(), '', 'non-whitespace lost after the last segment');
}

function isHighSurrogateAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogateAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return code >= 0xdc00 && code <= 0xdfff;
}

/** A spoken word: a run of letters, digits and combining marks (punctuation is not heard as a word). */
export interface SpokenWord {
  readonly word: string;
  readonly start: number;
  readonly end: number;
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

export function spokenWords(text: string): SpokenWord[] {
  return [...text.matchAll(WORD)].map((m) => ({ word: m[0], start: m.index, end: m.index + m[0].length }));
}

/**
 * Asserts the map of `spoken`, made from `source` with `offset` added to every position: every character of
 * every spoken word is the identical character of the source it maps to, and a word whose source is
 * contiguous maps to exactly that word. Words in `inserted` (said but not written, like "Code block") are
 * skipped. Returns the number of words checked, so callers can assert it was not vacuous.
 */
export function assertSpokenMapsBack(spoken: SpokenText, source: string, offset = 0, inserted: ReadonlySet<string> = new Set()): number {
  let checked = 0;
  const sourceOf = (start: number, end: number): string => {
    const range = spoken.sourceRange(start, end);
    return source.slice(range.start - offset, range.end - offset);
  };
  for (const { word, start, end } of spokenWords(spoken.text)) {
    if (inserted.has(word)) continue;
    for (let i = start; i < end;) {
      const width = (spoken.text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
      const char = spoken.text.slice(i, i + width);
      assert.equal(sourceOf(i, i + width), char, `character ${JSON.stringify(char)} of word ${JSON.stringify(word)} at ${i}`);
      i += width;
    }
    const whole = sourceOf(start, end);
    assert.ok(whole.length >= word.length, `word ${JSON.stringify(word)} maps to shorter ${JSON.stringify(whole)}`);
    if (whole.length === word.length) assert.equal(whole, word);
    checked++;
  }
  return checked;
}

/**
 * Asserts that the `occurrence`-th `phrase` of the spoken text maps to exactly `source.slice(at, at + expected.length)`
 * with `at` a source offset (document offset minus `offset`), and that that slice is `expected`.
 */
export function assertPhraseMaps(
  spoken: SpokenText,
  source: string,
  offset: number,
  phrase: string,
  expected: string,
  at: number,
  occurrence = 0,
): void {
  let index = -1;
  for (let n = 0; n <= occurrence; n++) {
    index = spoken.text.indexOf(phrase, index + 1);
    assert.ok(index >= 0, `${JSON.stringify(phrase)} #${n} not in ${JSON.stringify(spoken.text)}`);
  }
  const range = spoken.sourceRange(index, index + phrase.length);
  assert.deepEqual(range, { start: at + offset, end: at + offset + expected.length }, `range of ${JSON.stringify(phrase)}`);
  assert.equal(source.slice(at, at + expected.length), expected);
}

describe('text test support', () => {
  it('xmlContentProblem accepts escaped text and references', () => {
    for (const ok of ['', 'plain', 'a &amp; b &lt;c&gt; &quot;&apos;', '&#38;&#x26;', 'ok ]]&gt;', '😀 עברית\t\n\r']) {
      assert.equal(xmlContentProblem(ok), undefined, ok);
    }
  });

  it('xmlContentProblem rejects what would break the SSML', () => {
    const bad = ['<', 'a & b', '&amp', '&nbsp;', '&#;', 'x]]>y', '\u0000', '\u000B', '\uFFFE', '\uD800', 'a\uDC00', '\uDFFF\uD800'];
    for (const text of bad) assert.notEqual(xmlContentProblem(text), undefined, JSON.stringify(text));
  });

  it('assertValidSegments catches a lost word, a wrong range and an oversized segment', () => {
    const text = 'one two three';
    assert.throws(() => assertValidSegments(text, [{ text: 'one', start: 0, end: 3 }], 100));
    assert.throws(() => assertValidSegments(text, [{ text: 'one two three', start: 0, end: 12 }], 100));
    assert.throws(() => assertValidSegments(text, [{ text: 'one two three', start: 0, end: 13 }], 5));
    assert.doesNotThrow(() => assertValidSegments(text, [{ text: 'one two three', start: 0, end: 13 }], 13));
    assert.throws(() => assertValidSegments('a😀', [{ text: 'a\uD83D', start: 0, end: 2 }], 100));
  });

  it('seededRandom is deterministic', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const first = [a(), a(), a()];
    assert.deepEqual([b(), b(), b()], first);
    assert.ok(first.every((x) => x >= 0 && x < 1));
    assert.notDeepEqual([seededRandom(43)()], [first[0]]);
  });

  it('assertSpokenMapsBack catches a word mapped to the wrong place', () => {
    const source = 'alpha beta';
    assert.equal(assertSpokenMapsBack(spokenTextOf(source, 7), source, 7), 2);
    // Words mapped to where other words are.
    assert.throws(() => assertSpokenMapsBack(spokenTextOf('beta alpha'), source));
    // Off by one.
    assert.throws(() => assertSpokenMapsBack(spokenTextOf(source, 1), source, 0));
    // A replacement is not a copy unless declared as inserted.
    const said = new SpokenTextBuilder(source).appendReplacement('gamma', 0, 5).build();
    assert.throws(() => assertSpokenMapsBack(said, source));
    assert.equal(assertSpokenMapsBack(said, source, 0, new Set(['gamma'])), 0);
  });

  it('assertPhraseMaps checks the exact range', () => {
    const source = 'say **bold** now';
    const spoken = new SpokenTextBuilder(source, 3).appendSource(0, 4).appendSource(6, 10).appendSource(12, 16).build();
    assert.equal(spoken.text, 'say bold now');
    assert.doesNotThrow(() => assertPhraseMaps(spoken, source, 3, 'bold', 'bold', 6));
    assert.throws(() => assertPhraseMaps(spoken, source, 3, 'bold', 'bold', 5));
    assert.throws(() => assertPhraseMaps(spoken, source, 0, 'bold', 'bold', 6));
    assert.throws(() => assertPhraseMaps(spoken, source, 3, 'missing', 'missing', 0));
  });
});
