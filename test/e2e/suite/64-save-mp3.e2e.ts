// Save Document as MP3 as a user does it: the command, a path typed into the save dialog (a quick input
// in the browser), Enter. The file on disk must be exactly the audio the speech server sent, in order, and
// the server must have been sent the document's text.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import * as ui from './ui';
import { openFixture, useFakeEdge, waitForNotification } from './readAloud';

ui.describeUi('Save as MP3', () => {
  const edge = useFakeEdge();
  let folder: string | undefined;

  after(async () => {
    if (folder) {
      await fs.rm(folder, { recursive: true, force: true });
    }
  });

  it('saves the document as the audio the service sent, after the user names the file', async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'read-aloud-save-'));
    const target = path.join(folder, 'sample.mp3');
    const editor = await openFixture('sample.txt');

    const saving = vscode.commands.executeCommand<vscode.Uri | undefined>('readAloud.saveDocumentAsMp3');
    await ui.waitFor(ui.quickInput, (q) => q.visible, { what: 'the save dialog' });
    // Replace the suggested path with ours, as a user would type it.
    await ui.press('Control+A');
    await ui.type(target);
    await ui.press('Enter');
    const saved = await saving;
    assert.equal(saved?.fsPath, target, 'the command resolves with the file the user named');
    await waitForNotification(/sample\.mp3/);

    const bytes = await fs.readFile(target);
    const sent = Buffer.concat(edge.server.requests.flatMap((request) => request.audioPayloads));
    assert.ok(sent.length > 0, 'the server sent audio');
    assert.ok(bytes.equals(sent), `the file is the audio sent, byte for byte (${bytes.length} vs ${sent.length} bytes)`);
    const spoken = edge.server.requests.map((request) => request.text).join(' ');
    const firstWords = editor.document.lineAt(0).text.split(/\s+/).slice(0, 3).join(' ');
    assert.ok(spoken.includes(firstWords), `the document's text was sent (${JSON.stringify(firstWords)})`);
    assert.deepEqual(
      (await fs.readdir(folder)).filter((name) => name !== 'sample.mp3'),
      [],
      'no part file is left behind',
    );
  });
});
