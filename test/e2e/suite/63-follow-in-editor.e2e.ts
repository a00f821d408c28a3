// readAloud.followInEditor: true scrolls the editor along to the sentence being read, false leaves the
// editor where the user put it. The document has two sentences far apart (blank lines between them, more
// than a screen), read from the cursor while the editor shows the top of the file; where the reading is
// comes from the reader view in the panel, which does not depend on the setting.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as ui from './ui';
import { useFakeEdge, waitForAudioAdvancing } from './readAloud';

const FIRST = 'The reading starts here.';
const SECOND = 'Then it goes on far below.';
const FIRST_LINE = 200;
const SECOND_LINE = 300;
const TEXT = [
  ...Array.from({ length: FIRST_LINE }, (_, n) => `Filler line ${n + 1} stays unread.`),
  FIRST,
  ...Array.from({ length: SECOND_LINE - FIRST_LINE - 1 }, () => ''),
  SECOND,
  'And a last sentence keeps the reading going for a while longer.',
].join('\n');

const currentInReader = () =>
  ui.webviewEval<string | null>(ui.PLAYER, `document.querySelector('.reader .sentence[aria-current="true"]')?.textContent ?? null`);

const shows = (editor: vscode.TextEditor, line: number) =>
  editor.visibleRanges.some((range) => range.start.line <= line && line <= range.end.line);

async function setFollow(value: boolean | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('readAloud').update('followInEditor', value, vscode.ConfigurationTarget.Global);
}

ui.describeUi('follow in editor', () => {
  const edge = useFakeEdge();
  afterEach(async () => {
    await setFollow(undefined);
    // The untitled document: closed without saving.
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  /** Opens the document with the cursor on the first sentence and the editor scrolled to the top. */
  async function openAtTop(): Promise<vscode.TextEditor> {
    const document = await vscode.workspace.openTextDocument({ content: TEXT, language: 'plaintext' });
    const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
    editor.selection = new vscode.Selection(FIRST_LINE, 0, FIRST_LINE, 0);
    editor.revealRange(new vscode.Range(0, 0, 0, 0), vscode.TextEditorRevealType.AtTop);
    await ui.waitFor(
      () => editor.visibleRanges,
      () => shows(editor, 0) && !shows(editor, FIRST_LINE),
      { what: 'the editor to show the top of the file, not the cursor' },
    );
    return editor;
  }

  async function readFromCursor(): Promise<void> {
    await vscode.commands.executeCommand('readAloud.readFromCursor');
    const session = edge.api.reader.currentSession;
    assert.ok(session, 'a reading started');
    await edge.states.waitFor(session.readingId, ['playing']);
    await waitForAudioAdvancing('the reading');
  }

  it('true: the editor scrolls to the sentence being read, and along with the reading', async () => {
    await setFollow(true);
    const editor = await openAtTop();
    await readFromCursor();
    await ui.waitFor(currentInReader, (s) => s === FIRST, { what: 'the reading to be on the first sentence' });
    await ui.waitFor(
      () => editor.visibleRanges,
      () => shows(editor, FIRST_LINE),
      { what: `the editor to scroll to line ${FIRST_LINE + 1}` },
    );
    await ui.waitFor(currentInReader, (s) => s === SECOND, { what: 'the reading to reach the second sentence', timeoutMs: 20_000 });
    await ui.waitFor(
      () => editor.visibleRanges,
      () => shows(editor, SECOND_LINE),
      { what: `the editor to scroll along to line ${SECOND_LINE + 1}` },
    );
    assert.ok(!shows(editor, 0), 'the top of the file is out of view');
  });

  it('false: the editor stays where the user left it while the reading goes on below', async () => {
    await setFollow(false);
    const editor = await openAtTop();
    await readFromCursor();
    await ui.waitFor(currentInReader, (s) => s === FIRST, { what: 'the reading to be on the first sentence' });
    await ui.waitFor(currentInReader, (s) => s === SECOND, { what: 'the reading to reach the second sentence', timeoutMs: 20_000 });
    // One more moment of reading: a scroll, if any, has had every chance to happen.
    await waitForAudioAdvancing('the second sentence');
    assert.ok(shows(editor, 0), `the editor still shows the top of the file (visible: ${JSON.stringify(editor.visibleRanges)})`);
    assert.ok(!shows(editor, FIRST_LINE) && !shows(editor, SECOND_LINE), 'and neither sentence read');
  });
});
