// The player panel shows the sentence being heard and where the reading is, so a user whose editor
// shows something else still knows what is being read.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as ui from './ui';
import { openFixture, useFakeEdge } from './readAloud';

interface Caption {
  readonly text: string;
  readonly position: string;
}

const readCaption = () =>
  ui.webviewEval<Caption>(
    ui.PLAYER,
    `({ text: document.querySelector('.caption')?.textContent ?? '', position: document.querySelector('.position')?.textContent ?? '' })`,
  );

ui.describeUi('the player caption', () => {
  const edge = useFakeEdge();

  it('shows the sentence being heard and its position, and moves on with the reading', async () => {
    const editor = await openFixture('long.txt');
    const sentences = editor.document
      .getText()
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    await vscode.commands.executeCommand('readAloud.readDocument');
    const session = edge.api.reader.currentSession!;
    await edge.states.waitFor(session.readingId, ['playing']);
    const first = await ui.waitFor(readCaption, (c) => c.text.length > 0, { what: 'a caption' });
    assert.ok(sentences.includes(first.text), `"${first.text}" is a sentence of the document`);
    assert.match(first.position, new RegExp(`^\\d+ / ${sentences.length}$`));
    const later = await ui.waitFor(readCaption, (c) => c.text !== first.text, { what: 'the caption to move on', timeoutMs: 15_000 });
    assert.ok(sentences.indexOf(later.text) > sentences.indexOf(first.text), 'the caption follows the reading forward');
  });
});
