// readAloud.highlight: `off` draws nothing in the editor while the reading goes on; `sentence` draws only
// the sentence; `word` the word too. Changing it applies at once, to the reading in progress.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as ui from './ui';
import { highlightedWord, openFixture, sleep, useFakeEdge, waitForAudioAdvancing } from './readAloud';

/** Every extension decoration box drawn in the active editor (Read Aloud's are the only ones here). */
const decorationBoxes = () =>
  ui.pageEval<number>(`(() => {
    const editor = document.querySelector('.editor-group-container.active .monaco-editor');
    if (!editor) return -1;
    return [...editor.querySelectorAll('.view-overlays [class*="ced-"]')].filter((el) => el.getBoundingClientRect().width > 0).length;
  })()`);

async function setHighlight(value: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('readAloud').update('highlight', value, vscode.ConfigurationTarget.Global);
}

ui.describeUi('highlight settings', () => {
  const edge = useFakeEdge();
  afterEach(async () => {
    await setHighlight(undefined);
  });

  it('readAloud.highlight off: nothing is drawn while reading; sentence and word apply at once', async () => {
    await setHighlight('off');
    await openFixture('long.txt');
    await vscode.commands.executeCommand('readAloud.readDocument');
    const session = edge.api.reader.currentSession;
    assert.ok(session, 'a reading started');
    await edge.states.waitFor(session.readingId, ['playing']);
    await waitForAudioAdvancing('the document');
    for (let i = 0; i < 5; i++) {
      assert.equal(await decorationBoxes(), 0, `nothing is highlighted ${i * 300} ms into the check`);
      await sleep(300);
    }
    assert.equal(edge.api.reader.currentSession, session, 'the reading went on');

    await setHighlight('sentence');
    await ui.waitFor(decorationBoxes, (n) => n >= 1, { what: 'the sentence to be highlighted' });
    assert.equal(await highlightedWord(), null, 'no word highlight in sentence mode');

    await setHighlight('word');
    const word = await ui.waitFor(highlightedWord, (w) => w !== null, { what: 'the word to be highlighted' });
    assert.match(word!.word, /^\p{L}+/u);
  });
});
