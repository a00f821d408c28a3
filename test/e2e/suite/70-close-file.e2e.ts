// Closing the file being read stops the reading: no voice left reading a tab that is gone, and its
// socket closed. Hiding the player panel does not stop it (the webview is kept alive while hidden).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as ui from './ui';
import { openFixture, selectionOf, useFakeEdge, waitForAudioAdvancing } from './readAloud';

const FIRST_LINE = 'The quick brown fox jumps over the lazy dog. Reading aloud helps you catch mistakes that silent reading misses.';

ui.describeUi('closing things while reading', () => {
  // Real-time delivery keeps the request streaming (its socket open) while the test acts.
  const edge = useFakeEdge({ speedFactor: 1 });

  it('hiding the player panel keeps the reading going', async () => {
    const editor = await openFixture('sample.txt');
    editor.selection = selectionOf(editor.document, FIRST_LINE);
    await vscode.commands.executeCommand('readAloud.readSelection');
    const session = edge.api.reader.currentSession!;
    await edge.states.waitFor(session.readingId, ['playing']);
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.equal(edge.api.reader.currentSession, session, 'still the current reading');
    assert.equal(edge.server.openSocketCount(), 1, 'still streaming');
    await vscode.commands.executeCommand('readAloud.showPlayer');
    await waitForAudioAdvancing('the reading, after the panel came back');
  });

  it('closing the file being read stops the reading and closes its socket', async () => {
    const editor = await openFixture('sample.txt');
    editor.selection = selectionOf(editor.document, FIRST_LINE);
    await vscode.commands.executeCommand('readAloud.readSelection');
    const session = edge.api.reader.currentSession!;
    await edge.states.waitFor(session.readingId, ['playing']);
    assert.equal(edge.server.openSocketCount(), 1);
    const closed = edge.server.nextClose(3000);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    const close = await closed;
    assert.equal(close.connection.closedBy, 'client');
    await edge.states.waitFor(session.readingId, ['stopped']);
    assert.equal(edge.api.reader.currentSession, undefined);
    const state = await ui.waitFor(ui.playerState, (s) => s.paused === true, { what: 'the player to fall silent' });
    assert.equal(state.paused, true);
  });
});
