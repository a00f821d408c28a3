// The first reading of a session, before the user has touched the page: the browser refuses autoplay,
// and the user must be told where to click. This file must run before anything presses a key or clicks
// (files run in path order; sticky user activation lasts the whole run, test/e2e/README.md "User activation and autoplay"),
// so it only uses the API, reads, and commands until its one deliberate click.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as ui from './ui';
import { openFixture, readingStatusItem, selectionOf, useFakeEdge, waitForAudioAdvancing, waitForNotification } from './readAloud';

const FIRST_SENTENCE = 'The quick brown fox jumps over the lazy dog.';
const SECOND_SENTENCE = 'A second line follows the first one.';

ui.describeUi('autoplay: the first reading needs one click in the player', () => {
  // Slow speech (3 chars/s): the first sentence lasts ~15 s, so it is still there to be played after the click.
  const edge = useFakeEdge({ charsPerSecond: 3 });

  it('is refused without a gesture, says where to click, and plays from the start after "Enable audio"', async () => {
    const activation = await ui.userActivation();
    assert.equal(activation.hasBeenActive, false, 'no key press or click reached the page before this test (it must run first)');

    const editor = await openFixture('sample.txt');
    editor.selection = selectionOf(editor.document, FIRST_SENTENCE);
    await vscode.commands.executeCommand('readAloud.readSelection');
    const session = edge.api.reader.currentSession;
    assert.ok(session, 'the command started a reading');

    await edge.states.waitFor(session.readingId, ['needsUserGesture'], 15_000);
    const blocked = await ui.waitFor(ui.playerState, (s) => s.enableAudioVisible, { what: 'the player to show "Enable audio"' });
    assert.equal(blocked.paused, true, 'nothing plays before the click');
    assert.equal(blocked.currentTime, 0);
    assert.ok(blocked.readyState !== null && blocked.readyState >= 1, `audio is buffered meanwhile (readyState ${blocked.readyState})`);
    assert.deepEqual(edge.states.statesOf(session.readingId), ['needsUserGesture'], 'the host never thought it was playing');
    assert.equal(edge.server.requests[0]?.text, FIRST_SENTENCE);

    const item = await ui.waitFor(readingStatusItem, (i) => !!i && /Enable audio/.test(i.text), {
      what: 'the status bar to say "Enable audio"',
    });
    assert.ok(item);
    const notification = await waitForNotification(/Enable audio/);
    assert.match(notification.message, /Read Aloud panel/, 'the message says where the button is');
    assert.deepEqual(notification.actions, ['Show Player']);

    // The only user input of this file: what the message asks the user to do.
    await ui.clickInPlayer('Enable audio');
    const playing = await waitForAudioAdvancing('after "Enable audio"');
    // ~15 s of audio is buffered by now; it must start at its first word, not where the buffer ends.
    assert.ok((playing.currentTime ?? 99) < 5, `played from the start: currentTime ${playing.currentTime} s soon after the click`);
    assert.equal(playing.enableAudioVisible, false, 'the button goes away once audio plays');
    await edge.states.waitFor(session.readingId, ['playing']);
    await ui.waitFor(readingStatusItem, (i) => !!i && /Reading/.test(i.text), { what: 'the status bar to say "Reading"' });
  });

  it('plays a later reading at once, with no second click', async () => {
    const editor = await openFixture('sample.txt');
    editor.selection = selectionOf(editor.document, SECOND_SENTENCE);
    await vscode.commands.executeCommand('readAloud.readSelection');
    const session = edge.api.reader.currentSession;
    assert.ok(session, 'the command started a reading');
    await edge.states.waitFor(session.readingId, ['playing'], 15_000);
    const state = await waitForAudioAdvancing('the second reading');
    assert.equal(state.enableAudioVisible, false);
    assert.ok(!edge.states.statesOf(session.readingId).includes('needsUserGesture'), 'no second "Enable audio"');
    assert.equal(edge.server.requests[0]?.text, SECOND_SENTENCE);
  });
});
