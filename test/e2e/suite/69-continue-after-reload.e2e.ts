// Continue Reading after a real reload of the window: the place where a reading was stopped is kept in
// the workspace state, so "Developer: Reload Window" does not lose it. The first test runs before the
// reload (stops a reading mid-way and asks for the reload, reload.ts); the second runs in the reloaded
// window, in a new extension host, and continues from the remembered sentence.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import * as ui from './ui';
import {
  highlightedWord,
  openFixture,
  readLongTextAndStopPastLine3,
  useFakeEdge,
  waitForAudioAdvancing,
  waitForNewSession,
} from './readAloud';
import { itAfterReload, itBeforeReload, requestReload } from './reload';

const FILE = path.basename(__filename);

interface Remembered {
  /** Offset of the remembered sentence in long.txt. */
  readonly offset: number;
  /** Its line, 0-based. */
  readonly line: number;
}

ui.describeUi('continue reading after a reload of the window', () => {
  const edge = useFakeEdge();

  itBeforeReload('before the reload: a reading stopped mid-way remembers its sentence', async () => {
    const { document, line } = await readLongTextAndStopPastLine3(edge);
    const offset = document.offsetAt(new vscode.Position(line, 0));
    assert.equal(edge.api.resume.positionFor(document), offset, 'the start of the sentence being heard is remembered');
    requestReload(FILE, { offset, line } satisfies Remembered);
  });

  itAfterReload(FILE, 'after the reload: Continue Reading starts from the remembered sentence', async (data) => {
    const remembered = data as Remembered;
    assert.ok(remembered.offset > 0, 'the remembered sentence is not the start of the file');
    const editor = await openFixture('long.txt');
    const document = editor.document;
    assert.equal(edge.api.resume.positionFor(document), remembered.offset, 'the new extension host knows the place');

    await ui.focusEditor();
    await ui.runCommandFromPalette('Continue Reading');
    const session = await waitForNewSession(edge.api, undefined, 'Continue Reading to start a reading');
    await ui.waitFor(
      () => edge.server.requests.length,
      (n) => n >= 1,
      { what: 'Continue Reading to request speech' },
    );
    assert.equal(
      edge.server.requests[0]!.text,
      document.getText().slice(remembered.offset).trim(),
      `it continues from line ${remembered.line + 1}, not from the start`,
    );
    // A new window is a new player: audio may need the user's click again, as it would for them.
    const state = await ui.waitFor(ui.playerState, (s) => s.enableAudioVisible || s.paused === false, {
      what: 'the player to play or ask for a click',
    });
    if (state.enableAudioVisible) await ui.clickInPlayer('Enable audio');
    await edge.states.waitFor(session.readingId, ['playing']);
    await waitForAudioAdvancing('the continued reading');
    const first = await ui.waitFor(highlightedWord, (h) => !!h, { what: 'a highlighted word' });
    assert.equal(first!.lineText, document.lineAt(remembered.line).text, 'the highlight starts on that sentence');
  });
});
