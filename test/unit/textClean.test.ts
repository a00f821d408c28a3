import * as assert from 'node:assert/strict';
import { cleanForSpeech } from '../../src/text/spoken';

/** Asserts that every word of the cleaned text maps back to the identical document substring. */
function assertWordsMapBack(source: string, sourceOffset = 0): void {
  const spoken = cleanForSpeech(source, sourceOffset);
  let count = 0;
  for (const match of spoken.text.matchAll(/\S+/g)) {
    const range = spoken.sourceRange(match.index, match.index + match[0].length);
    assert.equal(source.slice(range.start - sourceOffset, range.end - sourceOffset), match[0], `word ${JSON.stringify(match[0])}`);
    count++;
  }
  assert.ok(count > 0 || spoken.text === '');
}

describe('cleanForSpeech', () => {
  it('collapses whitespace within a line and trims', () => {
    assert.equal(cleanForSpeech('  Hello, \t  world!  ').text, 'Hello, world!');
  });

  it('normalises CRLF and CR to line breaks, keeping blank lines as paragraph breaks', () => {
    assert.equal(cleanForSpeech('a\r\nb\rc\n\r\nd').text, 'a\nb\nc\n\nd');
    assert.equal(cleanForSpeech('one  \n  two').text, 'one\ntwo');
    assert.equal(cleanForSpeech('one \n \t \n two').text, 'one\n\ntwo');
    assert.equal(cleanForSpeech('one\n\n\n\n\ntwo').text, 'one\n\ntwo');
    assert.equal(cleanForSpeech('one\u2028two\u2029three').text, 'one\ntwo\n\nthree');
  });

  it('replaces every control character with a space', () => {
    const controls: number[] = [];
    for (let c = 0; c <= 0x9f; c++) {
      if ((c <= 0x1f && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c >= 0x7f) controls.push(c);
    }
    assert.equal(controls.length, 29 + 33);
    for (const c of controls) {
      assert.equal(cleanForSpeech(`a${String.fromCharCode(c)}b`).text, 'a b', `U+${c.toString(16)}`);
    }
    assert.equal(cleanForSpeech('a\u0000\u0007 \u000Bb').text, 'a b');
    assert.equal(cleanForSpeech('a\uFFFEb\uFFFF').text, 'a b');
  });

  it('replaces lone surrogates with a space and keeps surrogate pairs', () => {
    assert.equal(cleanForSpeech('a\uD800b').text, 'a b');
    assert.equal(cleanForSpeech('a\uDC00b').text, 'a b');
    assert.equal(cleanForSpeech('a\uDC00\uD800b').text, 'a b');
    assert.equal(cleanForSpeech('\uD83D😀\uDE00').text, '😀');
  });

  it('keeps emoji, RTL text and combining marks intact', () => {
    const samples = [
      '👨‍👩‍👧‍👦 family, 🇯🇵 flag, 👍🏽 thumbs',
      'مرحبا بالعالم، كيف حالك؟',
      'שָׁלוֹם עוֹלָם',
      'e\u0301le\u0300ve Z\u0351\u0308\u036Ealgo',
      'zero\u200Bwidth and\u200Djoiner',
      '中文，日本語。한국어',
    ];
    for (const text of samples) assert.equal(cleanForSpeech(text).text, text);
  });

  it('returns empty text for whitespace-only input', () => {
    assert.equal(cleanForSpeech('').text, '');
    assert.equal(cleanForSpeech(' \r\n\t\u0000\u3000 ').text, '');
  });

  it('maps words back to the exact document text', () => {
    assertWordsMapBack('Tabs\tand  spaces\r\nCRLF\r\n\r\nparagraph\u0007bell\u000Bvt 😀 e\u0301 مرحبا \uD800 end');
    assertWordsMapBack('  leading and trailing  ');
    assertWordsMapBack('x\u0085y\u00A0z\u3000w\uFEFFv');
  });

  it('adds the source offset to every position', () => {
    const spoken = cleanForSpeech('  hi  there', 1000);
    assert.equal(spoken.text, 'hi there');
    assert.deepEqual(spoken.sourceRange(0, 2), { start: 1002, end: 1004 });
    assert.deepEqual(spoken.sourceRange(3, 8), { start: 1006, end: 1011 });
    assert.deepEqual(spoken.sourceRange(2, 3), { start: 1004, end: 1006 }); // the collapsed space
    assertWordsMapBack('  hi  there', 1000);
  });

  it('maps a CRLF line break to both characters', () => {
    const spoken = cleanForSpeech('a\r\nb');
    assert.equal(spoken.text, 'a\nb');
    assert.deepEqual(spoken.sourceRange(1, 2), { start: 1, end: 3 });
    assert.equal(spoken.sourceOffsetAt(2), 3);
  });

  it('maps every word of a large document', () => {
    const lines: string[] = [];
    for (let i = 0; i < 5000; i++) lines.push(`Line ${i}:\tsome  text, é${i}\u0301 😀${i % 7 ? '' : '\r\n'}`);
    const source = lines.join('\r\n');
    const spoken = cleanForSpeech(source);
    assert.ok(!/[\t\r]| {2}|\n{3}/.test(spoken.text));
    assert.equal(spoken.text.split('\n\n').length, 716); // lines 0, 7, …, 4998 end a paragraph
    assertWordsMapBack(source);
  });
});
