// AudioStream alone in Chromium, for what the player's 120 s look-ahead normally prevents: the quota.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Page } from 'playwright-core';
import { FIXTURE_SECONDS, useBrowserRig } from './harness';

// `window.fillStream` and `window.AudioStream` are the page script's (audioStreamPage.ts), declared there.

describe('AudioStream: SourceBuffer quota', function () {
  this.timeout(30000);
  const rig = useBrowserRig();
  let page: Page;

  before(async () => {
    page = await (await rig.browser.newContext()).newPage(); // closed with the browser
    // The same CSP'd document as the player, with a bundle that only exposes AudioStream.
    await page.goto(`${rig.server.playerOrigin}/audio-stream`);
  });

  it('keeps the refused chunk queued on QuotaExceededError and appends it once played audio is freed', async () => {
    const speech = (await fs.promises.readFile(path.join(__dirname, '../../../test/fixtures/speech.mp3'))).toString('base64');
    const REPEAT = 60; // ≈ 25 min of MP3 in one stream; Chromium refuses more after ~20 min buffered ahead
    const result = await page.evaluate(
      async ({ base64, repeat }) => {
        const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
        let quotaErrors = 0;
        let appends = 0;
        // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the SourceBuffer as `this` below
        const appendBuffer = SourceBuffer.prototype.appendBuffer;
        SourceBuffer.prototype.appendBuffer = function (this: SourceBuffer, data: BufferSource) {
          try {
            appendBuffer.call(this, data);
            appends++;
          } catch (error) {
            quotaErrors += error instanceof DOMException && error.name === 'QuotaExceededError' ? 1 : 0;
            throw error;
          }
        };

        // No look-ahead limit: append until the browser says no.
        const filled = window.fillStream(base64, repeat, 10);
        const { audio, stream, chunks } = filled;
        const deadline = performance.now() + 15000;
        while (quotaErrors === 0 && appends < chunks && performance.now() < deadline) {
          await sleep(20);
        }
        const atQuota = { quotaErrors, appends, bufferedEnd: stream.bufferedEnd };

        // As if the listener had played nearly all of it; the player's timer pumps like this while playing.
        audio.currentTime = stream.bufferedEnd - 5;
        const timer = setInterval(() => stream.pump(), 50);
        while (appends < chunks && filled.error === undefined && performance.now() < deadline) {
          await sleep(20);
        }
        clearInterval(timer);
        const ranges = audio.buffered;
        return {
          atQuota,
          chunks,
          appends,
          error: filled.error,
          bufferedStart: ranges.start(0),
          bufferedEnd: stream.bufferedEnd,
          currentTime: audio.currentTime,
        };
      },
      { base64: speech, repeat: REPEAT },
    );

    assert.ok(result.atQuota.quotaErrors > 0, `no QuotaExceededError after ${result.atQuota.bufferedEnd} s: the test proves nothing`);
    assert.ok(result.atQuota.appends < result.chunks);
    assert.strictEqual(result.error, undefined);
    assert.strictEqual(result.appends, result.chunks, 'not every chunk was appended');
    // Every chunk, the refused one included, is in the stream exactly once: its end is the full length.
    const total = REPEAT * FIXTURE_SECONDS['speech.mp3'];
    assert.ok(Math.abs(result.bufferedEnd - total) < 0.3, `buffered to ${result.bufferedEnd} s of ${total} s`);
    assert.ok(result.bufferedStart > result.atQuota.bufferedEnd - 30, `played audio from ${result.bufferedStart} s is still buffered`);
  });
  it('removes played audio older than keepBehindSeconds, in batches, and keeps what is newer', async () => {
    const speech = (await fs.promises.readFile(path.join(__dirname, '../../../test/fixtures/speech.mp3'))).toString('base64');
    const result = await page.evaluate(async (base64) => {
      const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
      const filled = window.fillStream(base64, 4, 30);
      const { audio, stream } = filled;
      const deadline = performance.now() + 10000;
      while (stream.bufferedEnd < 100 && performance.now() < deadline) {
        await sleep(20);
      }
      const beforeStart = stream.bufferedStart;
      // As if the listener had played to 80 s; the player's timer pumps like this while playing.
      audio.currentTime = 80;
      const timer = setInterval(() => stream.pump(), 50);
      while (stream.bufferedStart === 0 && performance.now() < deadline) {
        await sleep(20);
      }
      await sleep(300);
      clearInterval(timer);
      return { beforeStart, bufferedStart: stream.bufferedStart, error: filled.error };
    }, speech);
    assert.strictEqual(result.error, undefined);
    assert.strictEqual(result.beforeStart, 0);
    // Played audio up to 80 − 30 s is freed; the last 30 s before the playhead stay (MP3 frame rounding).
    assert.ok(result.bufferedStart > 40 && result.bufferedStart <= 50.1, `buffered from ${result.bufferedStart} s`);
  });
});
