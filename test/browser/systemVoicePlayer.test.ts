// System-voice readings in the real player: PCM from the real espeak-ng, through a real SpeechSession, played
// by Web Audio in Chromium. What reaches the speakers is measured by the harness's analyser tap.
import * as assert from 'assert';
import { Browser } from 'playwright-core';
import { BrowserPlayerChannel } from '../../bench/browserPlayerChannel';
import { espeakBackend } from '../../src/engines/system/espeakEngine';
import { runningSpeechProcessIds } from '../../src/engines/system/spawnSpeech';
import { systemEngine } from '../../src/engines/system/systemEngine';
import { planReading } from '../../src/reading/readingPlan';
import { SpeechSession, type SessionPlan } from '../../src/session/SpeechSession';
import { PlayerPage, PlayerServer, delay, launchChromium, startPlayerServer, until, type RecordedMessage } from './harness';

const TEXT =
  'The system voice speaks when Edge cannot. It reads sentence by sentence, a little ahead of what you hear. ' +
  'Pausing keeps its place, and stopping silences it at once. Nothing is sent anywhere.';

function systemPlan(text: string): SessionPlan {
  return {
    segments: planReading([{ text, offset: 0 }]).segments,
    synthesis: {
      voice: { voice: 'en-US-AvaNeural', rate: '+0%', pitch: '+0Hz', volume: '+0%' },
      connectTimeoutMs: 1000,
      idleTimeoutMs: 1000,
      wordBoundaries: false,
    },
    engine: systemEngine(espeakBackend, { voice: undefined, speed: 1, pitchHz: 0, volumePercent: 100 }),
    playbackRate: 1,
    aheadLimitSeconds: 10,
  };
}

/** VS Code's webviews refuse sound until the first click in them: the strict policy, set explicitly. */
const CLICK_REQUIRED = ['--autoplay-policy=user-gesture-required'];

/**
 * Clicks "Enable audio" as a user does. On a loaded machine Playwright's click can land while the panel's
 * layout is still settling (seen: "element is not stable", then the click hits the panel beside the button).
 * That is still a user's click in the panel, and Chromium then starts the waiting AudioContext, the reading
 * plays and the button goes away, so the retried click finds nothing. Accepted only in that case: the
 * panel must then be playing through Web Audio, unblocked; otherwise the click's own error stands.
 */
async function clickEnableAudio(player: PlayerPage): Promise<void> {
  try {
    await player.frame.getByRole('button', { name: 'Enable audio' }).click({ timeout: 10_000 });
  } catch (error) {
    const after = await player.snapshot();
    if (!(after.webAudio.state === 'running' && !after.unlockButtonVisible && after.statusText !== 'Waiting for audio to be enabled')) {
      throw error;
    }
  }
}

const of = (type: string, id: number) => (m: RecordedMessage) => m.type === type && 'readingId' in m && m.readingId === id;

describe('player webview: system voice (PCM through Web Audio)', function () {
  this.timeout(60000);
  let server: PlayerServer;
  let browser: Browser | undefined;
  let player: PlayerPage | undefined;
  let channel: BrowserPlayerChannel | undefined;
  const sessions: SpeechSession[] = [];

  before(async () => {
    server = await startPlayerServer();
  });
  after(async () => {
    await server?.close();
  });
  afterEach(async () => {
    sessions.splice(0).forEach((s) => s.stop());
    channel?.dispose();
    await player?.close();
    await browser?.close();
    channel = undefined;
    player = undefined;
    browser = undefined;
    await until('speech processes to end', 3000, () => runningSpeechProcessIds().length === 0);
  });

  async function open(extraArgs: string[]): Promise<{ player: PlayerPage; channel: BrowserPlayerChannel }> {
    browser = await launchChromium(extraArgs);
    player = await PlayerPage.open(browser, server);
    channel = new BrowserPlayerChannel(player);
    await player.waitForMessage('ready');
    return { player, channel };
  }

  function read(channel: BrowserPlayerChannel, id: number, text = TEXT): SpeechSession {
    const session = new SpeechSession(id, channel, systemPlan(text));
    sessions.push(session);
    session.start();
    return session;
  }

  async function progressAt(channel: BrowserPlayerChannel, id: number): Promise<number> {
    await delay(120);
    const progress = channel.received.filter(of('progress', id));
    return (progress.at(-1) as Extract<RecordedMessage, { type: 'progress' }> | undefined)?.currentTime ?? 0;
  }

  it('plays espeak-ng audio aloud; pause holds its place, resume goes on, stop silences it at once', async () => {
    // A webview whose audio the user already enabled (see the next test for the click).
    const { player, channel } = await open(['--autoplay-policy=no-user-gesture-required']);
    const session = read(channel, 1);
    await channel.waitFor(of('playing', 1), 10000);
    await delay(700);
    const playing = await player.snapshot();
    assert.strictEqual(playing.webAudio.contexts, 1);
    assert.strictEqual(playing.webAudio.state, 'running');
    assert.ok(playing.webAudio.peakLevel > 0.01, `speech reached the speakers (peak RMS ${playing.webAudio.peakLevel})`);
    assert.strictEqual(playing.statusText, 'Reading…');
    const before = await progressAt(channel, 1);
    assert.ok(before > 0.4, `playback advanced to ${before} s`);
    // The MP3 path is untouched: the <audio> element has no source for a PCM reading.
    assert.strictEqual(playing.audio.hasSource, false);

    session.setPaused(true);
    await channel.waitFor((m) => of('pausedChanged', 1)(m) && (m as { paused: boolean }).paused, 3000);
    await delay(300);
    await player.snapshot(); // resets the peak
    const heldAt = await progressAt(channel, 1);
    await delay(500);
    const paused = await player.snapshot();
    assert.strictEqual(paused.statusText, 'Paused');
    assert.strictEqual(paused.webAudio.state, 'suspended');
    assert.ok(paused.webAudio.peakLevel < 0.001, `silent while paused (peak ${paused.webAudio.peakLevel})`);
    assert.ok(Math.abs((await progressAt(channel, 1)) - heldAt) < 0.05, 'the place is kept while paused');

    session.setPaused(false);
    await channel.waitFor((m) => of('pausedChanged', 1)(m) && !(m as { paused: boolean }).paused, 3000);
    await until('playback to go on after resume', 5000, async () => (await progressAt(channel, 1)) > heldAt + 0.3);

    session.stop();
    await channel.flushed();
    await delay(100);
    await player.snapshot();
    await delay(400);
    const stopped = await player.snapshot();
    assert.ok(stopped.webAudio.peakLevel < 0.001, `silent after stop (peak ${stopped.webAudio.peakLevel})`);
    assert.strictEqual(stopped.statusText, 'Idle');
    const outcome = await session.outcome;
    assert.strictEqual(outcome.kind, 'stopped');
    assert.deepStrictEqual(await player.problems(), []);
  });

  it('plays to the end and says ended, with progress up to the audio length', async () => {
    const { channel } = await open(['--autoplay-policy=no-user-gesture-required']);
    const session = read(channel, 1, 'Short and sweet. The end.');
    await channel.waitFor(of('playing', 1), 10000);
    const outcome = await session.outcome;
    assert.strictEqual(outcome.kind, 'finished');
    const last = channel.received.filter(of('progress', 1)).at(-1) as Extract<RecordedMessage, { type: 'progress' }>;
    assert.ok(
      last.currentTime > 1 && Math.abs(last.currentTime - last.bufferedTime) < 0.1,
      `ended at ${last.currentTime} of ${last.bufferedTime} s`,
    );
  });

  it('one "Enable audio" click unlocks both paths: system-voice PCM and, later, Edge MP3 need no second click', async () => {
    // The strict autoplay policy: the player's frame is refused sound until it is clicked, as in VS Code.
    const { player, channel } = await open(CLICK_REQUIRED);
    read(channel, 1);
    await channel.waitFor(of('needsUserGesture', 1), 10000);
    assert.ok((await player.snapshot()).unlockButtonVisible);
    await clickEnableAudio(player);
    await channel.waitFor(of('playing', 1), 10000);
    await delay(500);
    assert.ok((await player.snapshot()).webAudio.peakLevel > 0.01, 'heard after the click');
    sessions.splice(0).forEach((s) => s.stop());

    // A later Edge reading on the same <audio> element plays without a click.
    await player.start(2);
    await player.feed({ readingId: 2, fixture: 'counting.mp3', intervalMs: 20 });
    await player.waitForMessage('playing', 2, 10000);
    await player.waitForAudio('the MP3 reading to advance', 3000, (a) => a.currentTime > 0.3);
    await player.send({ type: 'stop', readingId: 2 });

    // And another system-voice reading needs none either.
    read(channel, 3, 'Again, without a click.');
    await channel.waitFor(of('playing', 3), 10000);
    assert.deepStrictEqual(
      channel.received.filter((m) => m.type === 'needsUserGesture' && (m as { readingId: number }).readingId !== 1),
      [],
    );
    assert.deepStrictEqual(await player.problems(), []);
  });

  it('a click given to an Edge reading also lets a later system-voice reading play', async () => {
    const { player, channel } = await open(CLICK_REQUIRED);
    await player.start(1);
    await player.feed({ readingId: 1, fixture: 'counting.mp3', intervalMs: 20 });
    await player.waitForMessage('needsUserGesture', 1);
    await clickEnableAudio(player);
    await player.waitForMessage('playing', 1);
    await player.send({ type: 'stop', readingId: 1 });
    read(channel, 2, 'The system voice after an Edge reading.');
    await channel.waitFor(of('playing', 2), 10000);
    await delay(400);
    assert.ok((await player.snapshot()).webAudio.peakLevel > 0.01);
    assert.deepStrictEqual(channel.received.filter(of('needsUserGesture', 2)), []);
  });

  it('drops malformed PCM: an odd byte count fails the reading with a message', async () => {
    const { player } = await open(['--autoplay-policy=no-user-gesture-required']);
    await player.send({ type: 'start', readingId: 1, playbackRate: 1, pcm: { sampleRate: 22050 } });
    await player.page.evaluate(() => window.__host.send({ type: 'chunk', readingId: 1, seq: 0, data: new Uint8Array(3).buffer }));
    const error = await player.waitForMessage('error', 1);
    assert.match(error.message, /not whole 16-bit samples/);
  });
});
