// Starting a reading the three ways a user does (palette, editor context menu, Ctrl+Alt+A): each plays
// audio the user hears, and the service is asked for exactly what was selected.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as ui from './ui';
import {
  openFixture,
  selectAndWaitUntilDrawn,
  selectionOf,
  stopReading,
  useFakeEdge,
  waitForAudioAdvancing,
  waitForNewSession,
} from './readAloud';

const FIRST_SENTENCE = 'The quick brown fox jumps over the lazy dog.';
const MID_LINE = 'Reading aloud helps you catch mistakes';
const SECOND_LINE = 'A second line follows the first one. It has two sentences as well.';
const LAST_SENTENCE = 'It has two sentences as well.';

ui.describeUi('starting a reading', () => {
  const edge = useFakeEdge();

  /** Waits for the reading the UI action started, then for the user to hear it; returns the texts requested. */
  async function expectReading(what: string, requests = 1): Promise<string[]> {
    const session = await waitForNewSession(edge.api, undefined, `a reading started from ${what}`);
    await edge.states.waitFor(session.readingId, ['playing']);
    await waitForAudioAdvancing(what);
    await ui.waitFor(
      () => edge.server.requests.length,
      (n) => n >= requests,
      { what: `${requests} request(s) to reach the server` },
    );
    return edge.server.requests.map((r) => r.text);
  }

  it('from the command palette reads the selection', async () => {
    const editor = await openFixture('sample.txt');
    editor.selection = selectionOf(editor.document, FIRST_SENTENCE);
    const { label } = await ui.runCommandFromPalette('Read Selection Aloud');
    assert.equal(label, 'Read Aloud: Read Selection Aloud');
    assert.deepEqual(await expectReading('the palette'), [FIRST_SENTENCE]);
  });

  it('from the editor context menu reads the selection', async () => {
    const editor = await openFixture('sample.txt');
    await selectAndWaitUntilDrawn(editor, selectionOf(editor.document, MID_LINE));
    await ui.focusEditor();
    await ui.contextMenu('Read Selection Aloud');
    assert.deepEqual(await expectReading('the context menu'), [MID_LINE]);
  });

  it('with Ctrl+Alt+A reads several selections in document order, and an empty one as its line', async () => {
    const editor = await openFixture('sample.txt');
    // Made in reverse order: the later one is the primary selection.
    editor.selections = [selectionOf(editor.document, LAST_SENTENCE), selectionOf(editor.document, FIRST_SENTENCE)];
    await ui.focusEditor();
    await ui.press('Control+Alt+A');
    assert.deepEqual(await expectReading('Ctrl+Alt+A with two selections', 2), [FIRST_SENTENCE, LAST_SENTENCE]);
    assert.equal(edge.server.requests.length, 2, 'nothing else was requested');

    await stopReading(edge);
    edge.server.reset();
    const cursor = selectionOf(editor.document, 'follows').start;
    editor.selection = new vscode.Selection(cursor, cursor);
    await ui.focusEditor();
    await ui.press('Control+Alt+A');
    assert.deepEqual(await expectReading('Ctrl+Alt+A with an empty selection'), [SECOND_LINE]);
  });
});
