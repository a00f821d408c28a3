// A voice the service no longer offers (Microsoft removes and renames voices): the reading goes on in its
// language's default voice, the user is told once, and later readings of the session start with that
// voice instead of asking for the removed one first.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as ui from './ui';
import { notificationsMatching, openFixture, sleep, stopReading, useFakeEdge, waitForNotification } from './readAloud';

async function setVoice(voice: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('readAloud').update('voice', voice, vscode.ConfigurationTarget.Global);
}

ui.describeUi('a voice the service no longer offers', () => {
  const edge = useFakeEdge();
  afterEach(() => setVoice(undefined));

  it("reads in the language's default voice, says so once, and the next reading starts with it", async () => {
    await setVoice('en-US-RetiredNeural');
    const editor = await openFixture('sample.txt');
    editor.selection = new vscode.Selection(0, 0, 0, editor.document.lineAt(0).text.length);
    await vscode.commands.executeCommand('readAloud.readSelection');
    const notice = await waitForNotification(/en-US-RetiredNeural is no longer available, so en-US-AndrewNeural is reading/);
    assert.equal(notice.severity, 'info');
    assert.deepEqual(
      edge.server.requests.slice(0, 2).map((r) => r.voice),
      ['en-US-RetiredNeural', 'en-US-AndrewNeural'],
    );
    await stopReading(edge);

    edge.server.reset();
    // Cleared and seen to be gone before the next reading: on a loaded machine a single clearAll was seen to
    // leave the toast in the list, which then looked like a second announcement.
    await ui.waitFor(
      async () => {
        await vscode.commands.executeCommand('notifications.clearAll');
        return notificationsMatching(/no longer available/);
      },
      (left) => left.length === 0,
      { what: 'the first announcement to be cleared', timeoutMs: 10_000 },
    );
    await vscode.commands.executeCommand('readAloud.readSelection');
    await ui.waitFor(
      () => edge.server.requests.length,
      (count) => count > 0,
      { what: 'the second reading to send its text' },
    );
    assert.equal(edge.server.requests[0]?.voice, 'en-US-AndrewNeural', 'the removed voice is not asked for again');
    await sleep(1000);
    assert.deepEqual(await notificationsMatching(/no longer available/), [], 'said once');
  });
});
