// The reader view in the real player bundle, in real Chromium: the text being read as plain text, the
// sentence and word being heard highlighted, and a sentence chosen by click or keyboard sent to the host.
import * as assert from 'assert';
import { Browser } from 'playwright-core';
import { PlayerPage, PlayerServer, launchChromium, startPlayerServer, until } from './harness';

const SENTENCES = ['First <b>sentence</b> here.', 'Second & <img src=x onerror="document.title=1"> one.', 'Third one.'];

describe('player webview: reader view', function () {
  this.timeout(30000);
  let browser: Browser;
  let server: PlayerServer;
  let player: PlayerPage;

  before(async () => {
    [browser, server] = await Promise.all([launchChromium(['--autoplay-policy=no-user-gesture-required']), startPlayerServer()]);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  beforeEach(async () => {
    player = await PlayerPage.open(browser, server);
  });
  afterEach(async () => {
    await player?.close();
  });

  const sentences = () => player.frame.locator('.reader .sentence');
  const current = async () => {
    const items = sentences();
    const count = await items.count();
    const found: Array<{ index: number; word: string | null }> = [];
    for (let i = 0; i < count; i++) {
      const item = items.nth(i);
      if ((await item.getAttribute('aria-current')) === 'true') {
        const mark = item.locator('mark.word');
        found.push({ index: Number(await item.getAttribute('data-index')), word: (await mark.count()) > 0 ? await mark.textContent() : null });
      }
    }
    return found;
  };

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
});
