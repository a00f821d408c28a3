import * as assert from 'node:assert/strict';
import { cleanForSpeech } from '../../src/text/spoken';
import { splitSentences } from '../../src/text/sentences';

function sentences(text: string): string[] {
  return splitSentences(text).map((range) => {
    const sentence = text.slice(range.start, range.end);
    assert.equal(sentence.trim(), sentence, 'not trimmed');
    return sentence;
  });
}

describe('splitSentences', () => {
  it('splits at . ! ? followed by whitespace or the end', () => {
    assert.deepEqual(sentences('One. Two! Three? Four'), ['One.', 'Two!', 'Three?', 'Four']);
    assert.deepEqual(sentences('What?! Really?? Yes!!! Ok.'), ['What?!', 'Really??', 'Yes!!!', 'Ok.']);
  });

  it('returns nothing for empty or whitespace-only text', () => {
    assert.deepEqual(splitSentences(''), []);
    assert.deepEqual(splitSentences('  \n\n '), []);
  });

  it('does not split after common abbreviations', () => {
    assert.deepEqual(sentences('Dr. Smith met Mr. and Mrs. Jones. They talked.'), ['Dr. Smith met Mr. and Mrs. Jones.', 'They talked.']);
    assert.deepEqual(sentences('Fruit, e.g. Apples, i.e. Red ones. Done.'), ['Fruit, e.g. Apples, i.e. Red ones.', 'Done.']);
    assert.deepEqual(sentences('Cats vs. Dogs, pens etc. Were there. End.'), ['Cats vs. Dogs, pens etc. Were there.', 'End.']);
    assert.deepEqual(sentences('He moved to the U.S. Last year. Yes.'), ['He moved to the U.S. Last year.', 'Yes.']);
  });

  it('does not split after single capital initials', () => {
    assert.deepEqual(sentences('J. R. R. Tolkien wrote it. Others read it.'), ['J. R. R. Tolkien wrote it.', 'Others read it.']);
  });

  it('does not split decimals, versions or dotted names', () => {
    assert.deepEqual(sentences('Pi is 3.14 today. Use v1.2.3 now. See example.com soon.'), [
      'Pi is 3.14 today.',
      'Use v1.2.3 now.',
      'See example.com soon.',
    ]);
    assert.deepEqual(sentences('It costs 5. Then 6.'), ['It costs 5.', 'Then 6.']);
  });

  it('does not split after a list number at the start of a line', () => {
    assert.deepEqual(sentences('1. First item.\n2. Second item.'), ['1. First item.', '2. Second item.']);
  });

  it('splits at East Asian punctuation without following spaces', () => {
    assert.deepEqual(sentences('你好。我是学生！你呢？好'), ['你好。', '我是学生！', '你呢？', '好']);
    assert.deepEqual(sentences('「今日は。」と言った。'), ['「今日は。」', 'と言った。']);
  });

  it('treats an ellipsis as a sentence end only before a new sentence', () => {
    assert.deepEqual(sentences('Wait... what? Then... Nothing. Hmm… So.'), ['Wait... what?', 'Then...', 'Nothing.', 'Hmm…', 'So.']);
    assert.deepEqual(sentences('Well… maybe.'), ['Well… maybe.']);
  });

  it('keeps closing quotes and brackets with their sentence', () => {
    assert.deepEqual(sentences('He said "Stop." Then left. (Really!) Yes.'), ['He said "Stop."', 'Then left.', '(Really!)', 'Yes.']);
    assert.deepEqual(sentences('“Go!” She ran. ‘Why?’ Nobody knew.'), ['“Go!”', 'She ran.', '‘Why?’', 'Nobody knew.']);
  });

  it('does not split before a lower-case continuation', () => {
    assert.deepEqual(sentences('"Really?" she asked. Yes.'), ['"Really?" she asked.', 'Yes.']);
  });

  it('ends a sentence at a paragraph break but not at a single line break', () => {
    assert.deepEqual(sentences('A heading\n\nSome text that\nwraps. Next'), ['A heading', 'Some text that\nwraps.', 'Next']);
    assert.deepEqual(sentences('A\n \nB'), ['A', 'B']);
  });

  it('handles Arabic and Devanagari sentence marks', () => {
    assert.deepEqual(sentences('كيف حالك؟ أنا بخير.'), ['كيف حالك؟', 'أنا بخير.']);
    assert.deepEqual(sentences('यह एक है। वह दो है।'), ['यह एक है।', 'वह दो है।']);
  });

  it('returns ranges of the spoken text that map back to the document', () => {
    const source = 'First  one.\r\n\r\nSecond\tone!';
    const spoken = cleanForSpeech(source);
    const ranges = splitSentences(spoken);
    assert.deepEqual(
      ranges.map((r) => spoken.sourceRange(r.start, r.end)).map((r) => source.slice(r.start, r.end)),
      ['First  one.', 'Second\tone!'],
    );
  });
});
