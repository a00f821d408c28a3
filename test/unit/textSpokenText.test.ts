import * as assert from 'node:assert/strict';
import { SpokenTextBuilder } from '../../src/text/spoken';
import { spokenTextOf } from './textSupport.test';

describe('SpokenText', () => {
  //            0123456789012345
  const source = 'Hi  there\r\nyou!';

  function build() {
    // "Hi there\nyou!" with the double space and the CRLF replaced.
    return new SpokenTextBuilder(source, 100)
      .appendSource(0, 2)
      .appendReplacement(' ', 2, 4)
      .appendSource(4, 9)
      .appendReplacement('\n', 9, 11)
      .appendSource(11, 15)
      .build();
  }

  it('concatenates the pieces', () => {
    assert.equal(build().text, 'Hi there\nyou!');
  });

  it('maps copied characters one to one, plus the base offset', () => {
    const spoken = build();
    assert.equal(spoken.sourceOffsetAt(0), 100);
    assert.equal(spoken.sourceOffsetAt(1), 101);
    assert.equal(spoken.sourceOffsetAt(3), 104); // "t" after the collapsed spaces
    assert.equal(spoken.sourceOffsetAt(9), 111); // "y" after the CRLF
    assert.equal(spoken.sourceOffsetAt(spoken.text.length), 115);
  });

  it('maps a word to its exact source range', () => {
    const spoken = build();
    for (const word of ['Hi', 'there', 'you!']) {
      const start = spoken.text.indexOf(word);
      const range = spoken.sourceRange(start, start + word.length);
      assert.equal(source.slice(range.start - 100, range.end - 100), word);
    }
  });

  it('widens a range touching a replacement to the whole replaced source', () => {
    const spoken = build();
    assert.deepEqual(spoken.sourceRange(2, 3), { start: 102, end: 104 }); // the collapsed "  "
    assert.deepEqual(spoken.sourceRange(8, 9), { start: 109, end: 111 }); // the CRLF
    assert.deepEqual(spoken.sourceRange(0, 4), { start: 100, end: 105 });
    assert.deepEqual(spoken.sourceRange(1, spoken.text.length), { start: 101, end: 115 });
  });

  it('maps an empty range to a point and clamps out-of-range indices', () => {
    const spoken = build();
    assert.deepEqual(spoken.sourceRange(3, 3), { start: 104, end: 104 });
    assert.deepEqual(spoken.sourceRange(-5, 2), { start: 100, end: 102 });
    assert.deepEqual(spoken.sourceRange(9, 1000), { start: 111, end: 115 });
    assert.deepEqual(spoken.sourceRange(5, 2), { start: 106, end: 106 });
    assert.equal(spoken.sourceOffsetAt(Number.NaN), 100);
    assert.equal(spoken.sourceOffsetAt(1e9), 115);
  });

  it('keeps non-adjacent copies apart', () => {
    const spoken = new SpokenTextBuilder('abcdefgh').appendSource(0, 3).appendSource(5, 8).build();
    assert.equal(spoken.text, 'abcfgh');
    assert.equal(spoken.sourceOffsetAt(2), 2);
    assert.equal(spoken.sourceOffsetAt(3), 5);
    assert.deepEqual(spoken.sourceRange(2, 4), { start: 2, end: 6 });
  });

  it('merges adjacent copies without changing the map', () => {
    const merged = new SpokenTextBuilder('abcdef').appendSource(0, 2).appendSource(2, 4).appendSource(4, 6).build();
    const whole = spokenTextOf('abcdef');
    assert.equal(merged.text, 'abcdef');
    for (let i = 0; i <= 6; i++) assert.equal(merged.sourceOffsetAt(i), whole.sourceOffsetAt(i));
  });

  it('records an insertion as an empty source range', () => {
    const spoken = new SpokenTextBuilder('ab').appendSource(0, 1).appendReplacement(', ', 1, 1).appendSource(1, 2).build();
    assert.equal(spoken.text, 'a, b');
    assert.deepEqual(spoken.sourceRange(1, 3), { start: 1, end: 1 });
    assert.equal(spoken.sourceOffsetAt(3), 1);
  });

  it('handles empty text', () => {
    const spoken = new SpokenTextBuilder('   ', 7).build();
    assert.equal(spoken.text, '');
    assert.equal(spoken.sourceOffsetAt(0), 7);
    assert.deepEqual(spoken.sourceRange(0, 0), { start: 7, end: 7 });
  });

  it('rejects source ranges outside the source', () => {
    const builder = new SpokenTextBuilder('abc');
    assert.throws(() => builder.appendSource(2, 4), RangeError);
    assert.throws(() => builder.appendSource(2, 1), RangeError);
    assert.throws(() => builder.appendReplacement('x', -1, 0), RangeError);
    assert.throws(() => builder.appendSource(0.5, 1), RangeError);
  });

  it('copying a whole string with a base is the identity map plus that base', () => {
    const spoken = new SpokenTextBuilder('héllo 😀', 10).appendSource(0, 'héllo 😀'.length).build();
    assert.equal(spoken.text, 'héllo 😀');
    assert.equal(spoken.sourceOffsetAt(6), 16);
    assert.deepEqual(spoken.sourceRange(6, 8), { start: 16, end: 18 });
  });

  it('maps every index of a long multi-run text consistently', () => {
    // 1000 words separated by alternating collapsed and copied whitespace.
    const parts: string[] = [];
    for (let i = 0; i < 1000; i++) parts.push(`w${i}`, i % 2 ? ' ' : ' \t ');
    const source = parts.join('');
    const builder = new SpokenTextBuilder(source);
    let i = 0;
    while (i < source.length) {
      const wordEnd = source.indexOf(' ', i);
      builder.appendSource(i, wordEnd);
      const gapEnd = source.slice(wordEnd).search(/[^ \t]|$/) + wordEnd;
      if (gapEnd - wordEnd === 1) builder.appendSource(wordEnd, gapEnd);
      else builder.appendReplacement(' ', wordEnd, gapEnd);
      i = gapEnd;
    }
    const spoken = builder.build();
    assert.equal(spoken.text, source.replace(/[ \t]+/g, ' '));
    for (const match of spoken.text.matchAll(/\S+/g)) {
      const range = spoken.sourceRange(match.index, match.index + match[0].length);
      assert.equal(source.slice(range.start, range.end), match[0]);
    }
  });
});
