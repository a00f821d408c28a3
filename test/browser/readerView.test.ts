// The reader view in the real player bundle, in real Chromium: the text being read as plain text, the
// sentence and word being heard highlighted, and a sentence chosen by click or keyboard sent to the host.
import * as assert from 'assert';
import { PlayerPage, until, usePlayerPerTest } from './harness';

const SENTENCES = ['First <b>sentence</b> here.', 'Second & <img src=x onerror="document.title=1"> one.', 'Third one.'];

describe('player webview: reader view', function () {
  this.timeout(30000);
  // Audio already enabled by the user; browser, server and each test's page are closed on any failure.
  let player: PlayerPage;
  usePlayerPerTest((page) => (player = page));

  const sentences = () => player.frame.locator('.reader .sentence');
  // One snapshot of the DOM, read atomically: the highlight moves between separate locator calls, and a
  // locator waiting for a mark that has just moved on would wait out its whole timeout.
  const current = () =>
    sentences().evaluateAll((items) =>
      items
        .filter((item) => item.getAttribute('aria-current') === 'true')
        .map((item) => ({ index: Number(item.getAttribute('data-index')), word: item.querySelector('mark.word')?.textContent ?? null })),
    );

  it('shows the text as plain text and highlights the sentence and word being heard', async () => {
    await player.start(1);
    await player.sendChunk(1, 0, 'speech.mp3');
    await player.snapshot([
      { type: 'readerText', readingId: 1, first: 10, sentences: SENTENCES },
      { type: 'readerPosition', readingId: 1, sentence: 10, wordStart: 0, wordEnd: 5 },
      { type: 'readerText', readingId: 99, first: 0, sentences: ['A cancelled reading.'] },
    ]);
    assert.deepEqual(await sentences().allTextContents(), SENTENCES, 'every sentence, character for character');
    assert.equal(await player.frame.locator('.reader b, .reader img').count(), 0, 'no element was made from the text');
    assert.deepEqual(await current(), [{ index: 10, word: 'First' }]);

    // The highlight follows the reading to the next sentence; the previous one is plain again.
    await player.snapshot([{ type: 'readerPosition', readingId: 1, sentence: 11, wordStart: 0, wordEnd: 6 }]);
    assert.deepEqual(await current(), [{ index: 11, word: 'Second' }]);
    assert.equal(await sentences().nth(0).textContent(), SENTENCES[0]);
    assert.equal(await player.frame.locator('.reader mark').count(), 1);
    await player.snapshot([{ type: 'readerPosition', readingId: 1, sentence: 11, wordStart: 9, wordEnd: 13 }]);
    assert.deepEqual(await current(), [{ index: 11, word: '<img' }]);

    // Stop clears the view.
    await player.snapshot([{ type: 'stop', readingId: 1 }]);
    assert.equal(await sentences().count(), 0);
    assert.deepEqual(await player.problems(), []);
  });

  it('sends the sentence chosen by a click, by Enter or by Space to the host', async () => {
    await player.start(1);
    await player.sendChunk(1, 0, 'speech.mp3');
    await player.snapshot([
      { type: 'readerText', readingId: 1, first: 0, sentences: SENTENCES },
      { type: 'readerPosition', readingId: 1, sentence: 0, wordStart: 0, wordEnd: 5 },
    ]);
    await sentences().nth(2).click();
    await sentences().nth(1).focus();
    await sentences().nth(1).press('Enter');
    await sentences().nth(0).focus();
    await sentences().nth(0).press(' ');
    let jumps: number[] = [];
    await until('three jumps', 5000, async () => {
      jumps = (await player.messages('jumpToSentence', 1)).map((m) => m.sentence);
      return jumps.length >= 3;
    });
    assert.deepEqual(jumps, [2, 1, 0]);
    assert.deepEqual(await player.problems(), []);
  });
  const LONG = Array.from({ length: 200 }, (_, i) => `Sentence ${i} is a line of text that takes up some room in the panel.`);
  /** Whether sentence `index` is inside the reader's scrolled box, and how far it is scrolled. */
  const view = (index: number) =>
    player.frame.locator('.reader').evaluate((reader, i) => {
      const item = reader.querySelector(`[data-index="${i}"]`);
      const box = item?.getBoundingClientRect();
      const frame = reader.getBoundingClientRect();
      return { scrollTop: reader.scrollTop, visible: !!box && box.bottom > frame.top && box.top < frame.bottom };
    }, index);

  it('follows the reading (without animation when reduced motion is asked for)', async () => {
    await player.page.emulateMedia({ reducedMotion: 'reduce' });
    await player.start(1);
    await player.sendChunk(1, 0, 'speech.mp3');
    await player.snapshot([
      { type: 'readerText', readingId: 1, first: 0, sentences: LONG },
      { type: 'readerPosition', readingId: 1, sentence: 0, wordStart: 0, wordEnd: 8 },
    ]);
    assert.equal((await view(150)).visible, false, 'sentence 150 starts out of view');
    await player.snapshot([{ type: 'readerPosition', readingId: 1, sentence: 150, wordStart: 0, wordEnd: 8 }]);
    // Reduced motion: the scroll is instant, so it is done once the message has been handled.
    const followed = await view(150);
    assert.ok(followed.visible && followed.scrollTop > 0, `sentence 150 in view at once (scrollTop ${followed.scrollTop})`);
  });

  it('stops following when the user scrolls away, and follows again once the sentence is back in view', async () => {
    await player.start(1);
    await player.sendChunk(1, 0, 'speech.mp3');
    await player.snapshot([
      { type: 'readerText', readingId: 1, first: 0, sentences: LONG },
      { type: 'readerPosition', readingId: 1, sentence: 100, wordStart: 0, wordEnd: 8 },
    ]);
    await until('sentence 100 to be scrolled into view', 5000, async () => (await view(100)).visible);
    await new Promise((resolve) => setTimeout(resolve, 800)); // past the view's own-scroll grace period
    // The user scrolls to the top, with the mouse wheel over the reader.
    await player.frame.locator('.reader').hover();
    for (let i = 0; i < 20 && (await view(0)).scrollTop > 0; i++) {
      await player.page.mouse.wheel(0, -2000);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal((await view(0)).scrollTop, 0, 'the user scrolled to the top');
    await player.snapshot([{ type: 'readerPosition', readingId: 1, sentence: 101, wordStart: 0, wordEnd: 8 }]);
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.equal((await view(101)).visible, false, 'the view stays where the user put it');
    assert.equal((await view(0)).scrollTop, 0);

    // Scrolling the spoken sentence back into view turns following on again.
    await player.frame.locator('[data-index="101"]').scrollIntoViewIfNeeded();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await player.snapshot([{ type: 'readerPosition', readingId: 1, sentence: 180, wordStart: 0, wordEnd: 8 }]);
    await until('sentence 180 to be scrolled into view', 5000, async () => (await view(180)).visible);
    assert.deepEqual(await player.problems(), []);
  });
  it('highlights by the audio clock from word timings, and a seek moves the highlight with the audio', async () => {
    const text = ['One two three.', 'Four five six.', 'Seven eight.'];
    // Word timings: sentence, start, end, second heard.
    const words = [0, 0, 3, 0, 0, 4, 7, 0.4, 0, 8, 13, 0.8, 1, 0, 4, 1.2, 1, 5, 9, 1.6, 1, 10, 13, 2.0, 2, 0, 5, 2.4, 2, 6, 11, 2.8];
    await player.start(1);
    await player.snapshot([
      { type: 'readerText', readingId: 1, first: 0, sentences: text },
      { type: 'readerWords', readingId: 1, words },
      // A host position that disagrees: the timings win once they are known.
      { type: 'readerPosition', readingId: 1, sentence: 2, wordStart: 6, wordEnd: 11 },
    ]);
    await player.feed({ readingId: 1, fixture: 'speech.mp3', intervalMs: 0 });
    await player.waitForMessage('playing', 1);
    await player.waitForAudio('the audio to pass 2.5 s', 10000, (a) => a.currentTime > 2.5);
    await until(
      'the highlight to reach "Seven"',
      3000,
      async () =>
        JSON.stringify(await current()) === JSON.stringify([{ index: 2, word: 'Seven' }]) ||
        JSON.stringify(await current()) === JSON.stringify([{ index: 2, word: 'eight' }]),
    );
    await player.snapshot([
      { type: 'setPaused', readingId: 1, paused: true },
      { type: 'seek', readingId: 1, seconds: 1.3 },
    ]);
    await until(
      'the highlight to follow the seek to "Four"',
      3000,
      async () => JSON.stringify(await current()) === JSON.stringify([{ index: 1, word: 'Four' }]),
    );
    assert.deepEqual(await player.problems(), []);
  });
  it('a system voice reading (Web Audio) is highlighted by its own clock, not the idle <audio> element', async function () {
    this.timeout(60000); // generous on a busy machine: only the order of events is asserted
    const text = ['One two three.', 'Four five six.'];
    const words = [0, 0, 3, 0, 0, 4, 7, 0.4, 0, 8, 13, 0.8, 1, 0, 4, 1.2, 1, 5, 9, 1.6, 1, 10, 13, 2.0];
    await player.send({ type: 'start', readingId: 1, playbackRate: 1, pcm: { sampleRate: 22050 } });
    await player.snapshot([
      { type: 'readerText', readingId: 1, first: 0, sentences: text },
      { type: 'readerWords', readingId: 1, words },
    ]);
    // Three seconds of silence as 16-bit PCM, in chunks the protocol takes.
    await player.page.evaluate(() => {
      for (let seq = 0; seq < 6; seq++) {
        window.__host.send({ type: 'chunk', readingId: 1, seq, data: new ArrayBuffer(22050) });
      }
      window.__host.send({ type: 'end', readingId: 1 });
    });
    await player.waitForMessage('playing', 1);
    await until(
      'the highlight to reach "six"',
      10000,
      async () => JSON.stringify(await current()) === JSON.stringify([{ index: 1, word: 'six' }]),
    );
    // Not a word ahead of the sound: "five" starts at 1.6 s. (The last progress report may trail the clock
    // the highlight follows by its 50 ms interval, so "six" itself, at 2.0 s, is not a fair floor.)
    const progress = await player.messages('progress', 1);
    const heard = progress.at(-1)?.currentTime ?? 0;
    assert.ok(heard >= 1.6, `the reading was heard past "five" (${heard} s) when "six" was highlighted`);
    assert.deepEqual(await player.problems(), []);
  });
});
