import * as assert from 'node:assert/strict';
import { MAX_REQUEST_TEXT_BYTES } from '../../src/speech/speechPolicy';
import { splitForSynthesis } from '../../src/text/sentences';
import { cleanForSpeech } from '../../src/text/spoken';
import { escapeXml } from '../../src/text/ssml';
import { assertValidSegments, utf8Bytes, withoutWhitespace, words } from './textSupport.test';

const LIMIT = 4096;

function split(text: string, maxBytes = LIMIT) {
  const segments = splitForSynthesis(text, maxBytes);
  assertValidSegments(text, segments, maxBytes);
  return segments;
}

function texts(text: string, maxBytes: number): string[] {
  return split(text, maxBytes).map((segment) => segment.text);
}

/** Escaped UTF-8 sizes of the segments. */
function sizes(text: string, maxBytes = LIMIT): number[] {
  return split(text, maxBytes).map((segment) => utf8Bytes(escapeXml(segment.text)));
}

describe('splitForSynthesis', () => {
  it('defaults to 4096 bytes', () => {
    assert.equal(MAX_REQUEST_TEXT_BYTES, 4096);
    const segments = splitForSynthesis('a'.repeat(4097));
    assert.deepEqual(
      segments.map((s) => s.text.length),
      [4096, 1],
    );
  });

  it('returns one segment when the text fits exactly, two when one byte over', () => {
    assert.equal(split('x'.repeat(4096)).length, 1);
    assert.equal(split('&'.repeat(819) + 'x').length, 1); // 819 × 5 + 1 = 4096
    assert.equal(split('&'.repeat(819) + 'xy').length, 2);
  });

  it('returns nothing for empty or whitespace-only text', () => {
    assert.deepEqual(splitForSynthesis(''), []);
    assert.deepEqual(splitForSynthesis(' \n\n\t '), []);
  });

  it('trims segments and keeps offsets into the text', () => {
    const segments = split('  Hello there.  ', 100);
    assert.deepEqual(segments, [{ text: 'Hello there.', start: 2, end: 14 }]);
  });

  it('accepts a SpokenText and reports offsets in its text', () => {
    const source = 'First   sentence.\r\n\r\nSecond\tone.';
    const spoken = cleanForSpeech(source);
    const segments = splitForSynthesis(spoken, 20);
    assert.deepEqual(
      segments.map((s) => s.text),
      ['First sentence.', 'Second one.'],
    );
    const second = segments[1];
    assert.ok(second);
    const range = spoken.sourceRange(second.start, second.end);
    assert.equal(source.slice(range.start, range.end), 'Second\tone.');
  });

  it('rejects a byte budget too small for one escaped character', () => {
    assert.throws(() => splitForSynthesis('abc', 5), RangeError);
    assert.throws(() => splitForSynthesis('abc', 100.5), RangeError);
    assert.doesNotThrow(() => split(`"'"'`, 6));
  });

  describe('multi-byte text at the 4096-byte limit', () => {
    it('splits CJK (3 bytes each) without spaces at a character boundary', () => {
      const text = '漢字かな交じり文'.repeat(700); // 5600 characters, 16800 bytes
      const byteSizes = sizes(text);
      assert.deepEqual(byteSizes, [4095, 4095, 4095, 4095, 420]);
      assert.equal(
        withoutWhitespace(
          split(text)
            .map((s) => s.text)
            .join(''),
        ),
        text,
      );
    });

    it('splits emoji (4 bytes each) without breaking a surrogate pair', () => {
      const text = '😀'.repeat(1500);
      assert.deepEqual(sizes(text), [4096, 1904]);
      // Shift by one byte so the limit falls mid-emoji.
      const shifted = 'a' + text;
      assert.deepEqual(sizes(shifted), [4093, 1908]);
      assert.equal(
        split(shifted)
          .map((s) => s.text)
          .join(''),
        shifted,
      );
    });

    it('splits a 10,000-character run with no spaces into full segments', () => {
      const text = 'abcdefghij'.repeat(1000);
      assert.deepEqual(
        split(text).map((s) => s.text.length),
        [4096, 4096, 1808],
      );
    });

    it('splits text made only of "&", whose escaped form is 5 times larger', () => {
      const text = '&'.repeat(3000);
      const segments = split(text);
      assert.deepEqual(
        segments.map((s) => s.text.length),
        [819, 819, 819, 543],
      );
      for (const segment of segments) assert.match(escapeXml(segment.text), /^(&amp;)+$/);
    });

    it('never splits an entity, whatever the byte budget', () => {
      const text = 'a&b<c>d"e\'f'.repeat(50);
      for (let maxBytes = 6; maxBytes < 80; maxBytes++) {
        const segments = split(text, maxBytes);
        assert.equal(segments.map((s) => s.text).join(''), text);
      }
    });

    it('keeps emoji ZWJ sequences and combining sequences whole when forced to cut mid-word', () => {
      const family = '👨‍👩‍👧‍👦'; // 11 code units, 25 bytes
      const text = family.repeat(400);
      for (const segment of split(text)) {
        assert.equal(segment.text.length % family.length, 0);
        assert.ok(segment.text.startsWith(family));
      }
      const accented = 'e\u0301\u0323'.repeat(1500); // 3 code units, 5 bytes
      for (const segment of split(accented)) {
        assert.ok(segment.text.startsWith('e'), 'starts with a combining mark');
        assert.equal(segment.text.length % 3, 0);
      }
    });

    it('falls back to a code point boundary inside an endless grapheme cluster', () => {
      const text = 'Z' + '\u0301'.repeat(3000); // one cluster of 6001 bytes
      const segments = split(text);
      assert.equal(segments.length, 2);
      assert.equal(segments.map((s) => s.text).join(''), text);
    });
  });

  describe('choice of cut', () => {
    it('prefers a paragraph break to a sentence end', () => {
      assert.deepEqual(texts('One. Two\n\nThree four five six', 24), ['One. Two', 'Three four five six']);
    });

    it('prefers a sentence end to a line break', () => {
      assert.deepEqual(texts('One two. Three\nfour five six', 20), ['One two.', 'Three\nfour five six']);
    });

    it('prefers a line break to a clause end', () => {
      assert.deepEqual(texts('One, two\nthree, four five', 20), ['One, two', 'three, four five']);
    });

    it('prefers a clause end to a plain space', () => {
      assert.deepEqual(texts('One two; three four five', 20), ['One two;', 'three four five']);
      assert.deepEqual(texts('One two: three four five', 20), ['One two:', 'three four five']);
      assert.deepEqual(texts('One two—three four five', 20), ['One two—', 'three four five']);
      assert.deepEqual(texts('中文句子、更多的文字', 20), ['中文句子、', '更多的文字']);
    });

    it('does not cut after a comma inside a number or a colon inside a time or URL', () => {
      assert.deepEqual(texts('Pay 1,000,000 now', 12), ['Pay', '1,000,000', 'now']);
      assert.deepEqual(texts('At 10:30 see http://x.y/z', 14), ['At 10:30 see', 'http://x.y/z']);
    });

    it('takes the latest cut of the best kind within the budget', () => {
      assert.deepEqual(texts('A b. C d. E f. G h i j k l m', 16), ['A b. C d. E f.', 'G h i j k l m']);
      assert.deepEqual(texts('a b c d e f g h i j k l', 9), ['a b c d e', 'f g h i j', 'k l']);
    });

    it('cuts a sentence longer than the limit at clauses and spaces, losing no word', () => {
      const parts: string[] = [];
      for (let i = 0; i < 1500; i++) parts.push(i % 10 === 9 ? `word${i},` : `word${i}`);
      const text = parts.join(' ') + '.';
      const segments = split(text);
      assert.ok(segments.length >= 4);
      assert.deepEqual(words(segments.map((s) => s.text).join(' ')), words(text));
      for (const segment of segments.slice(0, -1)) assert.ok(segment.text.endsWith(','), segment.text.slice(-20));
    });

    it('does not cut at abbreviations or decimals when a sentence end is available', () => {
      const text = 'Dr. Smith paid 3.14 dollars, e.g. for tea. Then he left the U.S. for good.';
      assert.deepEqual(texts(text, 60), ['Dr. Smith paid 3.14 dollars, e.g. for tea.', 'Then he left the U.S. for good.']);
    });
  });

  it('round-trips a long multi-paragraph document word for word', () => {
    const paragraphs: string[] = [];
    for (let p = 0; p < 200; p++) {
      const sentences: string[] = [];
      for (let s = 0; s < 12; s++) sentences.push(`Paragraph ${p} says thing ${s}, about 😀 and “quotes” & <tags>.`);
      paragraphs.push(sentences.join(' '));
    }
    const text = paragraphs.join('\n\n');
    const segments = split(text);
    assert.ok(segments.length > 20);
    assert.deepEqual(words(segments.map((s) => s.text).join(' ')), words(text));
    for (const segment of segments) assert.ok(/[.]$/.test(segment.text), `ends mid-sentence: …${segment.text.slice(-30)}`);
  });
});
