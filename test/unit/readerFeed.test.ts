import * as assert from 'node:assert/strict';
import type { EngineEvent, SpeechEngine } from '../../src/engines/speechEngine';
import { ReaderFeed } from '../../src/player/readerFeed';
import { SpeechSession } from '../../src/session/SpeechSession';
import {
  MAX_READER_SENTENCES,
  MAX_READER_WORDS_PER_MESSAGE,
  parseFromPlayerMessage,
  parseToPlayerMessage,
  type ToPlayerMessage,
} from '../../src/shared/protocol';

const SYNTHESIS = {
  voice: { voice: 'en-US-AvaNeural', rate: '+0%', pitch: '+0Hz', volume: '+0%' },
  connectTimeoutMs: 1,
  idleTimeoutMs: 1,
  wordBoundaries: true,
};

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
    reader.show(0, undefined);
    posted.length = 0;
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

  it('holds words until the player has the start, then sends the text, the position and the first words at once', () => {
    const { reader, posted } = feed(() => 10);
    // The service reports the first words before the first audio chunk, so before the player's start.
    reader.addWord(2, { start: 0, end: 5 }, 0);
    reader.addWord(2, { start: 6, end: 9 }, 0.3);
    reader.flushWords();
    assert.equal(posted.length, 0, 'nothing the player would drop');
    reader.begin();
    assert.deepEqual(
      posted.map((m) => m.type),
      ['readerText', 'readerPosition', 'readerWords'],
    );
    assert.deepEqual(posted[1], { type: 'readerPosition', readingId: 7, sentence: 2, wordStart: 0, wordEnd: 0 });
    assert.deepEqual(posted[2], { type: 'readerWords', readingId: 7, words: [2, 0, 5, 0, 2, 6, 9, 0.3] });
    // Many words held: as many messages as the protocol needs, each one valid.
    const many = feed(() => 10);
    for (let i = 0; i < MAX_READER_WORDS_PER_MESSAGE * 2 + 3; i++) {
      many.reader.addWord(0, { start: 0, end: 1 }, i / 10);
    }
    many.reader.begin();
    const batches = many.posted.filter((m): m is Extract<ToPlayerMessage, { type: 'readerWords' }> => m.type === 'readerWords');
    assert.deepEqual(
      batches.map((m) => m.words.length / 4),
      [MAX_READER_WORDS_PER_MESSAGE, MAX_READER_WORDS_PER_MESSAGE, 3],
    );
    assert.ok(batches.every((m) => parseToPlayerMessage(m)));
  });

  it('a reading tells the reader view its text and first words with its start, before any audio or progress', async () => {
    const chunk = new Uint8Array(4096);
    const words: EngineEvent[] = [
      { kind: 'word', segmentIndex: 0, text: 'Hello', textStart: 0, textEnd: 5, startSeconds: 0, durationSeconds: 0.3 },
      { kind: 'word', segmentIndex: 0, text: 'there', textStart: 6, textEnd: 11, startSeconds: 0.35, durationSeconds: 0.3 },
    ];
    const engine: SpeechEngine = {
      id: 'edge',
      audio: { encoding: 'mp3', bytesPerSecond: 6000 },
      // eslint-disable-next-line @typescript-eslint/require-await -- a script: nothing to wait for
      async *speak() {
        yield { kind: 'segment', index: 0, startSeconds: 0 };
        yield* words;
        yield { kind: 'audio', chunk };
        yield { kind: 'audio', chunk };
      },
    };
    const posted: ToPlayerMessage[] = [];
    const player = { post: (m: ToPlayerMessage) => posted.push(m), onMessage: () => ({ dispose: () => undefined }) };
    const reader = new ReaderFeed(3, (m) => player.post(m), { sentenceCount: 1, sentenceText: () => 'Hello there.' });
    // Wired as Reader wires it.
    const session = new SpeechSession(
      3,
      player,
      { segments: [{ text: 'Hello there.' }], synthesis: SYNTHESIS, engine, playbackRate: 1, aheadLimitSeconds: 60 },
      {
        onStarted: () => reader.begin(),
        onWord: (w) => reader.addWord(0, { start: w.textStart, end: w.textEnd }, w.startSeconds),
        onSegment: () => reader.flushWords(),
      },
    );
    session.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    session.stop();
    assert.deepEqual(
      posted.map((m) => m.type),
      ['start', 'readerText', 'readerPosition', 'readerWords', 'chunk', 'chunk', 'end', 'stop'],
    );
    assert.deepEqual(posted[3], { type: 'readerWords', readingId: 3, words: [0, 0, 5, 0, 0, 6, 11, 0.35] });
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
