import * as assert from 'node:assert/strict';
import { locateWord } from '../../src/speech/locateWord';

/** The text the highlight would cover for `word` reported by the service. */
function found(text: string, word: string, from = 0): string | undefined {
  const at = locateWord(text, word, from);
  return at < 0 ? undefined : `${at}:${text.slice(at, at + word.length)}`;
}

describe('locateWord: where a reported word is in the text sent', () => {
  it('exact matches first, from the cursor on', () => {
    assert.equal(found('a cat and a cat', 'cat'), '2:cat');
    assert.equal(found('a cat and a cat', 'cat', 3), '12:cat');
    assert.equal(found('a cat', 'dog'), undefined);
    assert.equal(found('a cat', ''), undefined);
  });

  it('ignores case when the service changed it', () => {
    assert.equal(found('Read THE manual', 'the'), '5:THE');
    assert.equal(found('Ἀθῆναι ΑΘΗΝΑ', 'αθηνα'), '7:ΑΘΗΝΑ');
  });

  it('after characters whose lower case is longer (İ → i̇), the place is still exact', () => {
    // 'İ'.toLowerCase() is two UTF-16 units: searching a lower-cased copy put the highlight 3 characters late.
    const text = 'İSTANBUL İZMİR İS A HELLO WORLD';
    assert.equal('İ'.toLowerCase().length, 2);
    assert.equal(found(text, 'world'), `${text.indexOf('WORLD')}:WORLD`);
    assert.equal(found(text, 'hello', 10), `${text.indexOf('HELLO')}:HELLO`);
    assert.equal(found(text, 'İzmİr'), `${text.indexOf('İZMİR')}:İZMİR`);
  });

  it('compares whole code points (astral letters with case, emoji)', () => {
    const text = '😀 𐐀𐐁 word';
    assert.equal(found(text, '𐐨𐐩'), `3:𐐀𐐁`);
    assert.equal(found(text, 'WORD'), `8:word`);
    assert.equal(found('ß and SS', 'ss'), '6:SS', 'no length-changing folds: ß is not "ss"');
  });
});
