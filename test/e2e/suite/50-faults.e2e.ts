// When the service misbehaves the user gets a clear message, hears what did arrive, and no socket is
// left open.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as ui from './ui';
import { openFixture, readingStatusItem, selectionOf, useFakeEdge, waitForAudioAdvancing, waitForNotification } from './readAloud';

const FIRST_LINE = 'The quick brown fox jumps over the lazy dog. Reading aloud helps you catch mistakes that silent reading misses.';

ui.describeUi('when the service fails', () => {
  const edge = useFakeEdge();
  // Edge's own messages: with readAloud.engine "edge" there is no system voice to go on with
  // (the fallback of the default, "auto", is tested in 90-system-voice).
  before(() => vscode.workspace.getConfiguration('readAloud').update('engine', 'edge', vscode.ConfigurationTarget.Global));
  after(() => vscode.workspace.getConfiguration('readAloud').update('engine', undefined, vscode.ConfigurationTarget.Global));

  async function readFirstLine(): Promise<number> {
    const editor = await openFixture('sample.txt');
    editor.selection = selectionOf(editor.document, FIRST_LINE);
    await vscode.commands.executeCommand('readAloud.readSelection');
    const session = edge.api.reader.currentSession;
    assert.ok(session, 'a reading started');
    return session.readingId;
  }

  it('HTTP 403: an error that names it and points at the clock', async () => {
    edge.server.setOptions({ fault: 'forbidden' });
    const readingId = await readFirstLine();

    const error = await waitForNotification(/HTTP 403/);
    assert.equal(error.severity, 'error');
    assert.match(error.message, /clock/i);
    assert.ok(error.actions.includes('Retry'), `it offers Retry (actions: ${error.actions.join(', ')})`);
    await edge.states.waitFor(readingId, ['failed']);
    assert.ok(edge.server.rejectedUpgrades.length >= 1, 'the server refused the connection');
    assert.equal(edge.server.requests.length, 0, 'no text got through');
    const player = await ui.playerState();
    assert.equal(player.paused, true, 'nothing plays');
    await ui.waitFor(readingStatusItem, (item) => item === undefined, { what: 'the status bar item to go' });
    assert.equal(edge.server.openSocketCount(), 0);
  });

  it('a connection dropped mid-audio on every attempt: partial audio plays, then a "dropped" error', async () => {
    edge.server.setOptions({ fault: 'dropMidAudio' });
    const readingId = await readFirstLine();

    await edge.states.waitFor(readingId, ['playing']);
    await waitForAudioAdvancing('the audio that arrived before the drop');
    const error = await waitForNotification(/dropped/);
    assert.equal(error.severity, 'error');
    assert.match(error.message, /^Read Aloud: /);

    // It resumed from the last word it heard a few times, then gave up.
    const requests = edge.server.requests;
    assert.ok(requests.length >= 2, `it retried (${requests.length} request(s))`);
    assert.ok(
      requests.every((r) => r.fault === 'dropMidAudio' && r.turnEndAt === undefined),
      'every attempt was dropped',
    );
    assert.equal(requests[0]!.text, FIRST_LINE);
    for (const retry of requests.slice(1)) {
      assert.ok(
        FIRST_LINE.endsWith(retry.text) && retry.text.length < FIRST_LINE.length,
        `a retry resumes inside the text: ${JSON.stringify(retry.text)}`,
      );
    }

    // What arrived plays to its end; then the reading is over as failed.
    const last = await edge.states.waitFor(readingId, ['failed', 'finished', 'stopped'], 20_000);
    assert.equal(last.state, 'failed');
    const player = await ui.waitFor(ui.playerState, (s) => s.paused === true, { what: 'the player to fall silent' });
    assert.ok((player.currentTime ?? 0) > 0.5, `some audio played (${player.currentTime} s)`);
    await edge.server.waitForAllClosed(2000);
    assert.equal(edge.server.openSocketCount(), 0, 'no orphan socket');
  });
});
