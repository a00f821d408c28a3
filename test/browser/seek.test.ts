// Seeking within the audio the player holds: what Next/Previous Sentence and a click in the reader view
// do instead of synthesizing again. The real player bundle in real Chromium, real MP3.
import * as assert from 'assert';
import { FIXTURE_SECONDS, PlayerPage, usePlayerPerTest } from './harness';

const SPEECH = FIXTURE_SECONDS['speech.mp3'];

describe('player webview: seeking within buffered audio', function () {
  this.timeout(30000);
  // Audio already enabled by the user; browser, server and each test's page are closed on any failure.
  let player: PlayerPage;
  usePlayerPerTest((page) => (player = page));

  it('jumps forward and back at once, keeps playing, and reports the new position', async () => {
    await player.start(1);
    await player.feed({ readingId: 1, fixture: 'speech.mp3', intervalMs: 0, end: true });
    await player.waitForMessage('playing', 1);
    await player.waitForAudio('all of it buffered and 1 s played', 5000, (a) => a.bufferedEnd > SPEECH - 0.5 && a.currentTime > 1);

    const forward = await player.snapshot([{ type: 'seek', readingId: 1, seconds: 15 }]);
    assert.ok(
      forward.audio.currentTime >= 15 && forward.audio.currentTime < 15.5,
      `at ${forward.audio.currentTime} s after seeking to 15 s`,
    );
    const reported = await waitForProgress(player, 1, (t) => t >= 15 && t < 17);
    assert.ok(reported.bufferedStart === 0 && reported.bufferedTime > SPEECH - 0.5, 'progress reports the buffered range');
    const playingOn = await player.waitForAudio('the playhead to move on from 15 s', 5000, (a) => a.currentTime > 15.5);
    assert.equal(playingOn.paused, false);

    // Back to audio already played: it is still held, so this is instant too.
    const back = await player.snapshot([{ type: 'seek', readingId: 1, seconds: 2 }]);
    assert.ok(back.audio.currentTime >= 2 && back.audio.currentTime < 2.5, `at ${back.audio.currentTime} s after seeking back to 2 s`);
    await player.waitForAudio('the playhead to move on from 2 s', 5000, (a) => a.currentTime > 2.3 && a.currentTime < 6);
    assert.equal((await player.messages('ended', 1)).length, 0);
    assert.deepEqual(await player.messages('error'), []);
    assert.deepEqual(await player.problems(), []);
  });

  it('a seek while paused moves the position and stays paused', async () => {
    await player.start(1);
    await player.feed({ readingId: 1, fixture: 'speech.mp3', intervalMs: 0 });
    await player.waitForMessage('playing', 1);
    await player.waitForAudio('all of it buffered', 5000, (a) => a.bufferedEnd > SPEECH - 1);
    const paused = await player.snapshot([
      { type: 'setPaused', readingId: 1, paused: true },
      { type: 'seek', readingId: 1, seconds: 10 },
    ]);
    assert.equal(paused.audio.paused, true);
    assert.ok(Math.abs(paused.audio.currentTime - 10) < 0.1, `at ${paused.audio.currentTime} s`);
    await waitForProgress(player, 1, (t) => Math.abs(t - 10) < 0.1);
    const later = await player.audio();
    assert.equal(later.paused, true, 'still paused');
    assert.equal(later.currentTime, paused.audio.currentTime, 'the playhead stands still');
  });

  it('never seeks past the audio it holds, and ignores seeks of other readings or malformed ones', async () => {
    await player.start(1);
    for (let seq = 0; seq < 3; seq++) {
      await player.sendChunk(1, seq, 'speech.mp3');
    }
    await player.waitForMessage('playing', 1);
    const clamped = await player.snapshot([{ type: 'seek', readingId: 1, seconds: 100 }]);
    assert.ok(
      clamped.audio.currentTime <= clamped.audio.bufferedEnd + 0.01,
      `sought to ${clamped.audio.currentTime} s of ${clamped.audio.bufferedEnd} s`,
    );

    await player.snapshot([{ type: 'seek', readingId: 1, seconds: 0.2 }]);
    const before = await player.audio();
    const after = await player.snapshot([
      { type: 'seek', readingId: 99, seconds: 1.5 },
      { type: 'seek', readingId: 1, seconds: -3 },
      { type: 'seek', readingId: 1, seconds: 'x' },
    ]);
    assert.ok(after.audio.currentTime < 1.5 && after.audio.currentTime >= before.currentTime, 'no other seek was applied');
    assert.equal(player.warnings().filter((w) => /dropped an invalid message/.test(w)).length, 2);
  });
});

async function waitForProgress(player: PlayerPage, readingId: number, test: (currentTime: number) => boolean) {
  let found: Awaited<ReturnType<PlayerPage['messages']>>[number] | undefined;
  const deadline = Date.now() + 5000;
  while (!found) {
    found = (await player.messages('progress', readingId)).find((m) => test(m.currentTime));
    if (!found) {
      if (Date.now() > deadline) {
        throw new Error('timed out waiting for a progress report at the new position');
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  return found as Extract<typeof found, { type: 'progress' }>;
}
