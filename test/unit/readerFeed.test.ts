import * as assert from 'node:assert/strict';
import { ReaderFeed } from '../../src/player/readerFeed';
import { MAX_READER_SENTENCES, parseFromPlayerMessage, parseToPlayerMessage, type ToPlayerMessage } from '../../src/shared/protocol';

describe('reader view feed', () => {
  function feed(count: () => number, text = (i: number) => `Sentence ${i}.`) {
    const posted: ToPlayerMessage[] = [];
    const reader = new ReaderFeed(7, (m) => posted.push(m), {
      get sentenceCount() {
        return count();
      },
      sentenceText: text,
    });
    return { reader, posted };
  }

  it('sends a window of text around the sentence, then only positions while inside it', () => {
    const { reader, posted } = feed(() => 1000);
    reader.show(100, { start: 0, end: 8 });
    assert.equal(posted.length, 2);
    const text = posted[0];
    assert.ok(text?.type === 'readerText');
    assert.equal(text.first, 60);
    assert.equal(text.sentences.length, MAX_READER_SENTENCES);
    assert.equal(text.sentences[40], 'Sentence 100.');
    assert.deepEqual(posted[1], { type: 'readerPosition', readingId: 7, sentence: 100, wordStart: 0, wordEnd: 8 });
    reader.show(100, { start: 0, end: 8 });
    assert.equal(posted.length, 2, 'nothing new: nothing sent');
    reader.show(101, undefined);
    assert.deepEqual(posted.slice(2), [{ type: 'readerPosition', readingId: 7, sentence: 101, wordStart: 0, wordEnd: 0 }]);
    // Near the end of the window, or outside it (a jump back), a new window goes first.
    reader.show(60 + MAX_READER_SENTENCES - 10, undefined);
    assert.equal(posted.at(-2)?.type, 'readerText');
    reader.show(5, undefined);
    const back = posted.at(-2);
    assert.ok(back?.type === 'readerText' && back.first === 0);
  });

  it('refills a short window as a lazy plan learns more sentences, and caps its size in characters', () => {
    let known = 3;
    const { reader, posted } = feed(() => known);
    reader.show(0, undefined);
    assert.ok(posted[0]?.type === 'readerText' && posted[0].sentences.length === 3);
    known = 50;
    reader.show(1, undefined);
    const refill = posted.find((m, i) => i > 0 && m.type === 'readerText');
    assert.ok(refill?.type === 'readerText' && refill.sentences.length === 50);

    const big = feed(
      () => 1000,
      () => 'x'.repeat(1999),
    );
    big.reader.show(0, undefined);
    const window = big.posted[0];
    assert.ok(window?.type === 'readerText' && window.sentences.join('').length <= 100_000 + 2000);
    assert.ok(parseToPlayerMessage(window), 'the window passes the player’s validation');
  });

  it('sends word timings in batches, only words that fit the view', () => {
    const { reader, posted } = feed(() => 10);
    reader.addWord(0, { start: 0, end: 5 }, 0.25);
    reader.addWord(1, { start: 3, end: 7 }, 1.5);
    reader.addWord(1, { start: 3000, end: 3005 }, 2);
    assert.equal(posted.length, 0, 'held until flushed');
    reader.flushWords();
    assert.deepEqual(posted, [{ type: 'readerWords', readingId: 7, words: [0, 0, 5, 0.25, 1, 3, 7, 1.5] }]);
    reader.flushWords();
    assert.equal(posted.length, 1, 'nothing new: nothing sent');
    assert.ok(parseToPlayerMessage(posted[0]));
  });

  it('the protocol accepts reader messages and rejects malformed ones', () => {
    assert.equal(parseToPlayerMessage({ type: 'readerWords', readingId: 1, words: [0, 0, 5] }), undefined, 'not four numbers per word');
    assert.equal(parseToPlayerMessage({ type: 'readerWords', readingId: 1, words: [0, 0, 5, -1] }), undefined);
    assert.equal(parseToPlayerMessage({ type: 'readerWords', readingId: 1, words: [0, 0.5, 5, 1] }), undefined);
    assert.equal(parseToPlayerMessage({ type: 'readerWords', readingId: 1, words: 'x' }), undefined);
    assert.deepEqual(parseToPlayerMessage({ type: 'readerText', readingId: 1, first: 0, sentences: ['a', 'b'] }), {
      type: 'readerText',
      readingId: 1,
      first: 0,
      sentences: ['a', 'b'],
    });
    assert.equal(parseToPlayerMessage({ type: 'readerText', readingId: 1, first: 0, sentences: [1] }), undefined);
    assert.equal(parseToPlayerMessage({ type: 'readerText', readingId: 1, first: -1, sentences: [] }), undefined);
    assert.equal(
      parseToPlayerMessage({ type: 'readerText', readingId: 1, first: 0, sentences: Array(MAX_READER_SENTENCES + 1).fill('a') }),
      undefined,
    );
    assert.equal(parseToPlayerMessage({ type: 'readerText', readingId: 1, first: 0, sentences: ['x'.repeat(2001)] }), undefined);
    assert.equal(parseToPlayerMessage({ type: 'readerPosition', readingId: 1, sentence: 2, wordStart: 5, wordEnd: 3 }), undefined);
    assert.deepEqual(parseFromPlayerMessage({ type: 'jumpToSentence', readingId: 3, sentence: 4 }), {
      type: 'jumpToSentence',
      readingId: 3,
      sentence: 4,
    });
    assert.equal(parseFromPlayerMessage({ type: 'jumpToSentence', readingId: 3, sentence: -4 }), undefined);
    assert.equal(parseFromPlayerMessage({ type: 'jumpToSentence', readingId: 3, sentence: '4' }), undefined);
  });
});
