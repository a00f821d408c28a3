// Continue Reading: stopping a reading remembers its sentence per document (in the workspace state);
// Continue Reading starts from there, after edits before it have moved it. After a real reload of the
// window: 69-continue-after-reload.e2e.ts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as ui from './ui';
import { highlightedWord, readLongTextAndStopPastLine3, useFakeEdge, waitForAudioAdvancing, waitForNewSession } from './readAloud';

ui.describeUi('continue reading', () => {
  const edge = useFakeEdge();
  afterEach(async () => {
    // Undo the test's edit (the file on disk was never changed).
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('continues from the sentence where the reading was stopped, moved by an edit above it', async () => {
    // Let the reading reach the third line, pause there, and stop.
    const { editor, document, session, line } = await readLongTextAndStopPastLine3(edge);

    const sentenceStart = document.offsetAt(new vscode.Position(line, 0));
    assert.equal(edge.api.resume.positionFor(document), sentenceStart, 'the start of the sentence being heard is remembered');

    // An edit above the place moves it with the text.
    const added = 'A line added above.\n';
    assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), added)));
    assert.equal(edge.api.resume.positionFor(document), sentenceStart + added.length);

    await ui.focusEditor();
    await ui.runCommandFromPalette('Continue Reading');
    const continued = await waitForNewSession(edge.api, session, 'Continue Reading to start a reading');
    await edge.states.waitFor(continued.readingId, ['playing']);
    await ui.waitFor(
      () => edge.server.requests.length,
      (n) => n === 2,
      { what: 'Continue Reading to request speech' },
    );
    assert.equal(
      edge.server.requests[1]!.text,
      document
        .getText()
        .slice(sentenceStart + added.length)
        .trim(),
      `it continues from line ${line + 1} of the file as it was (line ${line + 2} now)`,
    );
    await waitForAudioAdvancing('the continued reading');
    const first = await ui.waitFor(highlightedWord, (h) => !!h, { what: 'a highlighted word' });
    assert.equal(first!.lineText, document.lineAt(line + 1).text, 'the highlight starts on that sentence');
  });
});
