// A new reading while one plays replaces it: the old request is cancelled (its socket closed) and the
// player plays the new audio only, from its start.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as ui from './ui';
import { openFixture, selectionOf, useFakeEdge, waitForAudioAdvancing } from './readAloud';

const FIRST_LINE = 'The quick brown fox jumps over the lazy dog. Reading aloud helps you catch mistakes that silent reading misses.';
const SECOND_SENTENCE = 'A second line follows the first one.';

ui.describeUi('a second reading while one plays', () => {
  // Real-time delivery keeps the first request streaming (its socket open) when the second starts.
  const edge = useFakeEdge({ speedFactor: 1 });

  it('replaces the first: old socket closed, new text requested, only the new audio played', async () => {
    const editor = await openFixture('sample.txt');
    editor.selection = selectionOf(editor.document, FIRST_LINE);
    await vscode.commands.executeCommand('readAloud.readSelection');
    const first = edge.api.reader.currentSession!;
    assert.ok(first, 'the first reading started');
    await edge.states.waitFor(first.readingId, ['playing']);
    const before = await waitForAudioAdvancing('the first reading', 1);
    assert.equal(edge.server.openSocketCount(), 1);
    const firstConnection = edge.server.connections[0]!;

    editor.selection = selectionOf(editor.document, SECOND_SENTENCE);
    // The second request arrives whole at once, so the player soon holds all of it and nothing else.
    edge.server.setOptions({ speedFactor: 20 });
    const closed = edge.server.nextClose(3000);
    await ui.focusEditor();
    await ui.press('Control+Alt+A');
    const close = await closed;
    assert.equal(close.connection.id, firstConnection.id, "the first reading's socket is the one closed");
    assert.equal(close.connection.closedBy, 'client');
    assert.equal(close.connection.requests[0]?.turnEndAt, undefined, 'closed while it was still streaming');

    const second = edge.api.reader.currentSession;
    assert.ok(second && second !== first, 'a new reading is current');
    await edge.states.waitFor(first.readingId, ['stopped']);
    await edge.states.waitFor(second.readingId, ['playing']);
    assert.deepEqual(
      edge.server.requests.map((r) => r.text),
      [FIRST_LINE, SECOND_SENTENCE],
    );

    const after = await waitForAudioAdvancing('the second reading');
    // The new reading starts from its own beginning, not where the first one was.
    assert.ok(
      (after.currentTime ?? 99) < (before.currentTime ?? 0) + 0.5 && (after.currentTime ?? 99) < 3,
      `the playhead restarted: ${before.currentTime} s in the first reading, ${after.currentTime} s in the second`,
    );
    // Only the second reading's audio is in the player: once all of it has arrived, the buffer is as
    // long as the second rendition (old chunks still in flight would make it longer).
    const secondDuration = edge.server.requests[1]!.renditionDurationMs / 1000;
    const bufferedEnd = (s: ui.PlayerState) => Math.max(0, ...s.buffered.map(([, end]) => end));
    const full = await ui.waitFor(ui.playerState, (s) => bufferedEnd(s) >= secondDuration - 0.3, {
      what: `the player to buffer the whole second reading (${secondDuration.toFixed(2)} s)`,
    });
    assert.ok(
      bufferedEnd(full) <= secondDuration + 0.3,
      `buffered ${bufferedEnd(full).toFixed(2)} s, the second reading lasts ${secondDuration.toFixed(2)} s`,
    );
    assert.equal(edge.server.openSocketCount() <= 1, true, "at most the second reading's socket is open");
    assert.ok(
      edge.server.connections.slice(1).every((c) => c.requests.every((r) => r.text === SECOND_SENTENCE)),
      'no later request for the first text',
    );
  });
});
