// The "Enable audio" flow. VS Code webviews refuse play() until the user clicks inside the webview
// (microsoft/vscode#237030). Headless Chromium, launched WITHOUT any autoplay flag, applies the same rule
// to the player's cross-site iframe: play() is rejected with NotAllowedError while that frame has no user
// activation, even though the host frame has one (Playwright's evaluate runs as a user gesture there),
// just as clicking elsewhere in VS Code does not help. So no flag is needed to reproduce it.
import * as assert from 'assert';
import { PlayerPage, assertStartedNearZero, delay, useBrowserRig } from './harness';

describe('player webview: autoplay refused until the user clicks', function () {
  this.timeout(30000);
  const rig = useBrowserRig();
  let player: PlayerPage | undefined;

  afterEach(async () => {
    await player?.close();
    player = undefined;
  });

  it('asks for a click, plays from the first word after it, and later readings need none', async () => {
    player = await PlayerPage.open(rig.browser, rig.server);
    const ready = await player.waitForMessage('ready');
    assert.strictEqual(ready.audioUnlocked, false);

    await player.start(1);
    await player.feed({ readingId: 1, fixture: 'speech.mp3', intervalMs: 30 });
    await player.waitForMessage('needsUserGesture', 1);
    await delay(400);
    const blocked = await player.snapshot();
    assert.ok(blocked.unlockButtonVisible, 'the Enable audio button is not shown');
    assert.ok(blocked.audio.paused);
    assert.strictEqual(blocked.audio.currentTime, 0);
    assert.ok(blocked.audio.bufferedEnd > 2, `only ${blocked.audio.bufferedEnd} s buffered while blocked`);
    assert.deepStrictEqual(await player.messages('playing'), []);
    assert.strictEqual((await player.messages('needsUserGesture', 1)).length, 1);

    // A real click (trusted input events) inside the player's frame.
    await player.frame.getByRole('button', { name: 'Enable audio' }).click();
    await player.waitForMessage('audioUnlocked');
    const playing = await player.waitForMessage('playing', 1);
    await player.waitForAudio('audio time to advance after the click', 10_000, (a) => a.currentTime > 0.5);
    await assertStartedNearZero(player, 1, playing.at, 1);
    const unlocked = await player.snapshot();
    assert.ok(!unlocked.unlockButtonVisible, 'the Enable audio button is still shown');
    assert.deepStrictEqual(unlocked.vscodeState, { audioUnlocked: true });

    // Stop, and a new reading on the same element plays with no click.
    await player.send({ type: 'stop', readingId: 1 });
    await player.start(2, 1.5);
    await player.feed({ readingId: 2, fixture: 'counting.mp3', intervalMs: 30, end: true });
    await player.waitForMessage('playing', 2);
    await player.waitForAudio('reading 2 to advance', 10_000, (a) => a.currentTime > 0.5);
    assert.deepStrictEqual(await player.messages('needsUserGesture', 2), []);
    // The unlock belongs to the element in VS Code, so it must be the same one.
    assert.strictEqual((await player.snapshot()).audioElementsCreated, 1);
    assert.deepStrictEqual(await player.problems(), []);
  });

  it('reports the remembered unlock in ready', async () => {
    player = await PlayerPage.open(rig.browser, rig.server, { vscodeState: { audioUnlocked: true } });
    assert.strictEqual((await player.waitForMessage('ready')).audioUnlocked, true);
    assert.deepStrictEqual(await player.problems(), []);
  });

  it("shows the host's translated words, not English of its own: status, labels, the button, errors", async () => {
    // The host renders pseudoTranslatedPlayerStrings() (every template as «…», as a translation would come back).
    player = await PlayerPage.open(rig.browser, rig.server, { translated: true });
    assert.strictEqual((await player.snapshot()).statusText, '«Idle»');

    await player.start(1);
    await player.feed({ readingId: 1, fixture: 'speech.mp3', intervalMs: 30 });
    await player.waitForMessage('needsUserGesture', 1);
    const blocked = await player.snapshot();
    assert.strictEqual(blocked.statusText, '«Waiting for audio to be enabled»');
    assert.ok(blocked.unlockButtonVisible);
    await player.frame.getByRole('button', { name: '«Enable audio»' }).click();
    await player.waitForMessage('playing', 1);
    assert.strictEqual((await player.snapshot()).statusText, '«Reading…»');
    // Looked up in the player's frame only now: Playwright's queries there count as a user gesture.
    assert.strictEqual(await player.frame.getByRole('main', { name: '«Read Aloud player»' }).count(), 1);
    assert.strictEqual(await player.frame.getByRole('button', { name: '«Pause»' }).count(), 1);
    assert.strictEqual(await player.frame.getByRole('button', { name: '«Stop»' }).count(), 1);
    assert.strictEqual(await player.frame.getByRole('region', { name: '«Text being read»', includeHidden: true }).count(), 1);

    // An error the player words itself: the translated template, with the player's values filled in.
    await player.start(2);
    await player.sendChunk(2, 0, 'counting.mp3');
    await player.sendChunk(2, 1, 'counting.mp3');
    await player.sendChunk(2, 3, 'counting.mp3');
    const error = await player.waitForMessage('error', 2);
    assert.strictEqual(error.message, '«Audio chunk 2 is missing (chunk 3 arrived).»');
    assert.strictEqual((await player.snapshot()).statusText, error.message);
    assert.deepStrictEqual(await player.problems(), []);
    assert.deepStrictEqual(player.warnings(), [], 'the player fell back to its English strings');
  });
});
