// The reader view in the Read Aloud panel: the text being read, the sentence being heard highlighted,
// and a click on a sentence jumps the reading there — at once, within the audio the player holds.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as ui from './ui';
import { highlightedWord, openFixture, useFakeEdge, waitForAudioAdvancing } from './readAloud';

interface ReaderState {
  readonly sentences: string[];
  readonly current: string | null;
  readonly markup: number;
}

const readerState = () =>
  ui.webviewEval<ReaderState>(
    ui.PLAYER,
    `({
      sentences: [...document.querySelectorAll('.reader .sentence')].map((s) => s.textContent),
      current: document.querySelector('.reader .sentence[aria-current="true"]')?.textContent ?? null,
      markup: document.querySelectorAll('.reader-text *:not(.sentence):not(mark.word)').length,
    })`,
  );

ui.describeUi('the reader view', () => {
  const edge = useFakeEdge();

  it('shows the text being read, follows it, and a click on a sentence jumps there at once', async () => {
    const editor = await openFixture('long.txt');
    const document = editor.document;
    const lines = document
      .getText()
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    await vscode.commands.executeCommand('readAloud.readDocument');
    const session = edge.api.reader.currentSession;
    assert.ok(session, 'a reading started');
    await edge.states.waitFor(session.readingId, ['playing']);
    await waitForAudioAdvancing('the document');

    const shown = await ui.waitFor(readerState, (s) => s.sentences.length === lines.length, { what: 'the reader view to show the text' });
    assert.deepEqual(shown.sentences, lines, 'every sentence of the file, as text');
    assert.equal(shown.markup, 0, 'nothing but the sentences and the word mark');
    const later = await ui.waitFor(readerState, (s) => !!s.current && lines.indexOf(s.current) >= 3, {
      what: 'the reader view to follow the reading to the fourth sentence',
      timeoutMs: 20_000,
    });
    const before = await ui.playerState();

    // Back to the second sentence: its audio is still in the player.
    await ui.clickInWebview(ui.PLAYER, 'button', lines[1]);
    await ui.waitFor(readerState, (s) => s.current === lines[1], { what: 'the reader view to highlight the clicked sentence' });
    const moved = await ui.waitFor(highlightedWord, (h) => !!h && h.lineText === document.lineAt(1).text, {
      what: 'the editor highlight to move to the clicked sentence',
    });
    assert.equal(moved!.column, 0, 'its first word');
    const after = await ui.playerState();
    assert.ok(
      (after.currentTime ?? 0) < (before.currentTime ?? 0),
      `the audio went back (${before.currentTime} s → ${after.currentTime} s)`,
    );
    assert.equal(edge.api.reader.currentSession, session, 'the same reading goes on');
    assert.equal(edge.server.requests.length, 1, 'nothing was requested again');
    assert.ok(lines.indexOf(later.current!) > 1);
    await waitForAudioAdvancing('after the jump');
  });
});
