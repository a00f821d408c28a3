// Reading a whole document: the highlighted word follows what the user hears, Ctrl+Alt+P pauses and
// resumes, and Ctrl+Alt+] / Ctrl+Alt+[ skip to the next / previous sentence by seeking within the audio
// the player holds. long.txt has one sentence per line, so "the next sentence" is simply the next line.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as ui from './ui';
import {
  highlightedWord,
  offsetOfHighlight,
  openFixture,
  readingStatusItem,
  sleep,
  useFakeEdge,
  waitForAudioAdvancing,
  waitForNewSession,
  type HighlightedWord,
} from './readAloud';

/**
 * How far (in characters) the highlighted word's start may sit before the character being spoken: the
 * word started earlier (at most the fixture's longest word, 9 letters, plus its space), and the highlight
 * trails the audio by a progress tick and a round trip (~0.3 s, 5 characters at the fake's 15 per
 * second). Measured: 1–6 characters. A highlight one word behind would be off by 5–10 more.
 */
const MAX_TRAIL_CHARS = 15;
/** …and after it: only rounding, since a word is highlighted once it has started. */
const MAX_LEAD_CHARS = 3;

ui.describeUi('reading a whole document', () => {
  const edge = useFakeEdge();

  it('highlights the word being heard; Ctrl+Alt+P pauses and resumes; Ctrl+Alt+] and Ctrl+Alt+[ skip at once within buffered audio', async () => {
    const editor = await openFixture('long.txt');
    const document = editor.document;
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await ui.runCommandFromPalette('Read Document');
    const session = await waitForNewSession(edge.api, undefined, 'Read Document to start a reading');
    await edge.states.waitFor(session.readingId, ['playing']);
    await waitForAudioAdvancing('the document');

    const request = edge.server.requests[0]!;
    assert.equal(request.text, document.getText().trim(), 'the whole document is requested, as is (plain text)');
    // The fake spreads word boundaries over its audio in proportion to character position.
    const duration = request.renditionDurationMs / 1000;
    const spokenAt = (seconds: number) => (seconds / duration) * request.text.length;

    // --- the highlight follows the audio ---
    const offsets: number[] = [];
    const deviations: number[] = [];
    for (let i = 0; i < 6; i++) {
      const before = await ui.playerState();
      const highlight = await highlightedWord();
      const after = await ui.playerState();
      assert.ok(highlight, `a word is highlighted ${before.currentTime} s into the reading`);
      const offset = expectWordOfDocument(document, highlight);
      const from = spokenAt(before.currentTime ?? 0);
      const to = spokenAt(after.currentTime ?? 0);
      assert.ok(
        offset >= from - MAX_TRAIL_CHARS && offset <= to + MAX_LEAD_CHARS,
        `"${highlight.word}" (character ${offset}) is highlighted while characters ${from.toFixed(1)}–${to.toFixed(1)} are heard`,
      );
      deviations.push(offset - from);
      offsets.push(offset);
      await sleep(400);
    }
    console.log(`    [highlight] word start minus character being heard: ${deviations.map((d) => d.toFixed(1)).join(', ')} characters`);
    assert.deepEqual(
      [...offsets].sort((a, b) => a - b),
      offsets,
      'the highlight only moves forward',
    );
    assert.ok(offsets[offsets.length - 1]! > offsets[0]!, 'the highlight moves on');

    // --- pause and resume ---
    await ui.focusEditor();
    let mark = edge.states.mark();
    await ui.press('Control+Alt+P');
    await edge.states.waitFor(session.readingId, ['paused'], 3000, mark);
    await ui.waitFor(ui.playerState, (s) => s.paused === true, { timeoutMs: 3000, what: 'Ctrl+Alt+P to pause the audio' });
    await ui.waitFor(readingStatusItem, (item) => !!item && /Paused/.test(item.text), { what: 'the status bar to say "Paused"' });
    // The player reports where it paused right after pausing; let that last position reach the editor.
    await sleep(300);
    const paused = await ui.playerState();
    const pausedHighlight = await highlightedWord();
    assert.ok(pausedHighlight, 'a word stays highlighted while paused');
    const pausedAt = expectWordOfDocument(document, pausedHighlight);
    const heard = spokenAt(paused.currentTime ?? 0);
    assert.ok(
      pausedAt >= heard - MAX_TRAIL_CHARS && pausedAt <= heard + MAX_LEAD_CHARS,
      `paused on "${pausedHighlight.word}" (character ${pausedAt}) at character ${heard.toFixed(1)} of the audio`,
    );
    await sleep(700);
    const stillPaused = await ui.playerState();
    assert.equal(stillPaused.paused, true);
    assert.equal(stillPaused.currentTime, paused.currentTime, 'the playhead stands still while paused');
    assert.deepEqual(await highlightedWord(), pausedHighlight, 'the highlight stays on the paused word');

    mark = edge.states.mark();
    await ui.press('Control+Alt+P');
    await edge.states.waitFor(session.readingId, ['playing'], 3000, mark);
    const resumed = await waitForAudioAdvancing('after Ctrl+Alt+P again');
    assert.ok(
      (resumed.currentTime ?? 0) > (paused.currentTime ?? 0) && (resumed.currentTime ?? 0) < (paused.currentTime ?? 0) + 2,
      `it goes on from where it paused (${paused.currentTime} s → ${resumed.currentTime} s)`,
    );
    await ui.waitFor(readingStatusItem, (item) => !!item && /Reading/.test(item.text), { what: 'the status bar to say "Reading" again' });
    assert.equal(edge.server.requests.length, 1, 'pause and resume did not request anything again');

    // --- next sentence: pause first, so "the current sentence" cannot change under the key press ---
    mark = edge.states.mark();
    await ui.press('Control+Alt+P');
    await edge.states.waitFor(session.readingId, ['paused'], 3000, mark);
    await ui.waitFor(ui.playerState, (s) => s.paused === true, { timeoutMs: 3000, what: 'the audio to pause again' });
    const current = await highlightedWord();
    assert.ok(current, 'a word is highlighted');
    const line = document.positionAt(offsetOfHighlight(document, current)).line;
    assert.ok(line + 1 < document.lineCount, 'there is a next sentence');
    const nextStart = document.offsetAt(new vscode.Position(line + 1, 0));

    const pausedBeforeSkip = await ui.playerState();

    // The next sentence is in the player already: Ctrl+Alt+] seeks there, with no new request.
    await ui.press('Control+Alt+]');
    const onNext = await ui.waitFor(highlightedWord, (h) => !!h && h.lineText === document.lineAt(line + 1).text, {
      what: `the highlight to move to line ${line + 2}`,
    });
    assert.equal(offsetOfHighlight(document, onNext!), nextStart, 'the first word of the next sentence is highlighted');
    const skipped = await ui.waitFor(ui.playerState, (s) => (s.currentTime ?? 0) > (pausedBeforeSkip.currentTime ?? 0), {
      what: 'the audio to jump forward',
    });
    const nextAt = spokenAt(skipped.currentTime ?? 0);
    assert.ok(
      Math.abs(nextAt - nextStart) <= MAX_TRAIL_CHARS,
      `the audio is at character ${nextAt.toFixed(1)}, the next sentence at ${nextStart}`,
    );
    assert.equal(skipped.paused, true, 'a skip while paused stays paused');
    assert.equal(edge.api.reader.currentSession, session, 'the same reading goes on');
    assert.equal(edge.server.requests.length, 1, 'nothing was requested again');

    // …and Ctrl+Alt+[ goes back to the sentence before, from the audio the player kept.
    await ui.press('Control+Alt+[');
    const back = await ui.waitFor(highlightedWord, (h) => !!h && h.lineText === document.lineAt(line).text, {
      what: `the highlight to move back to line ${line + 1}`,
    });
    assert.equal(offsetOfHighlight(document, back!), document.offsetAt(new vscode.Position(line, 0)));
    const backState = await ui.waitFor(ui.playerState, (s) => (s.currentTime ?? 0) < (skipped.currentTime ?? 0), {
      what: 'the audio to jump back',
    });
    assert.ok(
      (backState.currentTime ?? 0) <= (pausedBeforeSkip.currentTime ?? 0) + 0.05,
      'back to the start of the sentence that was playing',
    );

    mark = edge.states.mark();
    await ui.press('Control+Alt+P');
    await edge.states.waitFor(session.readingId, ['playing'], 3000, mark);
    await waitForAudioAdvancing('after skipping back');
    const moved = await ui.waitFor(
      highlightedWord,
      (h) => !!h && offsetOfHighlight(document, h) > document.offsetAt(new vscode.Position(line, 0)),
      {
        what: `the highlight to move on along line ${line + 1}`,
      },
    );
    expectWordOfDocument(document, moved!);
    assert.equal(edge.server.requests.length, 1, 'skipping never requested anything again');
    assert.equal(edge.api.reader.currentSession, session);
  });
});

/** The highlight covers exactly one whole word of the document (not a shifted or partial range); returns its offset. */
function expectWordOfDocument(document: vscode.TextDocument, highlight: HighlightedWord): number {
  const offset = offsetOfHighlight(document, highlight);
  const text = document.getText();
  assert.equal(text.slice(offset, offset + highlight.word.length), highlight.word);
  assert.match(highlight.word, /^[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*$/u, `the highlight ${JSON.stringify(highlight.word)} is one word`);
  const isWordChar = (ch: string | undefined) => !!ch && /[\p{L}\p{N}]/u.test(ch);
  assert.ok(!isWordChar(text[offset - 1]) && !isWordChar(text[offset + highlight.word.length]), `"${highlight.word}" is a whole word`);
  return offset;
}
