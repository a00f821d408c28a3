// A malformed message from the service in the middle of a reading: it is dropped before it reaches
// msedge-tts or the player, and the user hears the reading go on without a stall (before the guard,
// msedge-tts threw inside ws and the audio stopped until the idle timeout).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as ui from './ui';
import { openFixture, useFakeEdge, waitForAudioAdvancing, waitForNewSession } from './readAloud';

/** The bound for a `waiting` spell of the <audio>; the fake sends 4× faster than real time, so none is expected. */
const MAX_WAITING_MS = 200;

/** Records, inside the player, how long each `waiting` spell of the <audio> lasts (until `playing` or playback moves). */
async function armWaitingProbe(): Promise<void> {
  const armed = await ui.webviewEval<boolean>(
    ui.PLAYER,
    `(() => {
      const audio = document.querySelector('audio');
      if (!audio) return false;
      window.__readAloudE2eWaitProbe?.abort();
      const probe = new AbortController();
      window.__readAloudE2eWaitProbe = probe;
      window.__readAloudE2eWaits = [];
      let since = null;
      let lastTime = audio.currentTime;
      const done = () => {
        if (since !== null) { window.__readAloudE2eWaits.push(performance.now() - since); since = null; }
      };
      audio.addEventListener('waiting', () => { since ??= performance.now(); }, { signal: probe.signal });
      audio.addEventListener('playing', done, { signal: probe.signal });
      audio.addEventListener('timeupdate', () => {
        if (audio.currentTime > lastTime && !audio.paused) done();
        lastTime = audio.currentTime;
      }, { signal: probe.signal });
      window.__readAloudE2eOpenWait = () => (since === null ? 0 : performance.now() - since);
      return true;
    })()`,
  );
  assert.ok(armed, 'the player has an <audio> to watch');
}

/** The longest `waiting` spell since the probe was armed (one still going counts), and disarms it. */
async function longestWaitingMs(disarm: boolean): Promise<number> {
  return ui.webviewEval<number>(
    ui.PLAYER,
    `(() => {
      const longest = Math.max(0, ...(window.__readAloudE2eWaits || []), window.__readAloudE2eOpenWait ? window.__readAloudE2eOpenWait() : 0);
      if (${disarm}) window.__readAloudE2eWaitProbe?.abort();
      return longest;
    })()`,
  );
}

ui.describeUi('a malformed message from the service mid-reading', () => {
  const edge = useFakeEdge({ speedFactor: 4 });

  afterEach(async () => {
    await longestWaitingMs(true).catch(() => undefined);
  });

  it('is dropped: the audio keeps playing, with no waiting spell and no second request', async () => {
    edge.server.setOptions({ fault: 'oneMalformedFrame' });
    await openFixture('long.txt');
    await vscode.commands.executeCommand('readAloud.readDocument');
    const session = await waitForNewSession(edge.api, undefined, 'Read Document to start a reading');
    await edge.states.waitFor(session.readingId, ['playing']);
    await armWaitingProbe();
    await waitForAudioAdvancing('the start of the document');

    // The server sends its one malformed message after the middle audio frame.
    const request = edge.server.requests[0];
    assert.ok(request, 'the document was requested');
    await ui.waitFor(
      () => request.garbageSent,
      (sent) => sent === 1,
      { timeoutMs: 20_000, intervalMs: 100, what: 'the server to send its malformed message' },
    );
    const whenSent = await ui.playerState();
    // Well past the point where a stalled socket would have starved the player: every byte up to the
    // malformed message is buffered by now, so only the audio after it can carry playback this far.
    const bufferedWhenSent = Math.max(0, ...whenSent.buffered.map(([, end]) => end));
    const after = await ui.waitFor(ui.playerState, (s) => (s.currentTime ?? 0) > bufferedWhenSent + 1, {
      timeoutMs: 30_000,
      intervalMs: 100,
      what: `the playhead to pass ${bufferedWhenSent.toFixed(1)} s + 1 s (the audio after the malformed message)`,
    });
    assert.equal(after.paused, false, 'still playing');
    assert.equal(after.error, null, 'no media error');

    const longest = await longestWaitingMs(false);
    assert.ok(longest <= MAX_WAITING_MS, `the longest waiting spell was ${longest.toFixed(0)} ms`);
    assert.equal(edge.server.requests.length, 1, 'nothing was re-requested: the socket never stalled');
    assert.equal(edge.api.reader.currentSession, session, 'the same reading goes on');
    assert.ok(['playing'].includes(session.currentState), `the reading is ${session.currentState}`);
  });
});
