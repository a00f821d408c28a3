// Read Document on a 6 MB source file: only its first window is read for comments before the reading starts;
// the rest is prepared window by window in the background, so the extension host goes on serving other
// work (here, a timer standing for every other extension) and the first request leaves at once.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import * as ui from './ui';
import { useFakeEdge } from './readAloud';

ui.describeUi('a huge document', () => {
  const edge = useFakeEdge();
  let file: string | undefined;

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (file) await fs.rm(file, { force: true });
  });

  it('Read Document starts at once and leaves the extension host free while it prepares the rest', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder && folder.uri.scheme === 'file');
    file = path.join(folder.uri.fsPath, 'huge.py');
    const paragraph = '# The quick brown fox jumps over the lazy dog, and reading aloud helps you catch mistakes.\nanswer = 42\n\n';
    await fs.writeFile(file, paragraph.repeat(Math.ceil((6 * 1024 * 1024) / paragraph.length)));
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document, { preview: false });

    // Timer callbacks can only run while the host is not busy preparing: they keep running between the
    // command and the first request, while the rest of the file is prepared a window at a time.
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    try {
      await vscode.commands.executeCommand('readAloud.readDocument');
      assert.ok(edge.api.reader.currentSession, 'the reading started');
      await ui.waitFor(
        () => edge.server.requests.length,
        (count) => count > 0,
        { what: 'the first request' },
      );
      // Not a count: how many 1 ms ticks fit depends on how fast the machine is (6 were seen on a quiet
      // one). Any tick at all shows the event loop turned while the reading started.
      assert.ok(ticks > 0, `${ticks} timer callbacks ran between the command and the first request`);
    } finally {
      clearInterval(ticker);
    }
    assert.match(edge.server.requests[0]!.text, /^The quick brown fox/);
  });
});
