// Read Document on a 6 MB source file: its comments are found in slices, so the extension host goes on
// serving other work (here, a timer standing for every other extension) while it is prepared, and the
// reading starts. (Markdown and plain text are prepared window by window as the reading needs them.)
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

  it('Read Document leaves the extension host free while it prepares the text, then reads', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder && folder.uri.scheme === 'file');
    file = path.join(folder.uri.fsPath, 'huge.py');
    const paragraph = '# The quick brown fox jumps over the lazy dog, and reading aloud helps you catch mistakes.\nanswer = 42\n\n';
    await fs.writeFile(file, paragraph.repeat(Math.ceil((6 * 1024 * 1024) / paragraph.length)));
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document, { preview: false });

    // Timer callbacks can only run while the host is not busy preparing: with the whole text parsed at
    // once, none would run between the command's start and its end.
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    try {
      const ticksBefore = ticks;
      await vscode.commands.executeCommand('readAloud.readDocument');
      const ticksDuring = ticks - ticksBefore;
      assert.ok(ticksDuring >= 10, `${ticksDuring} timer callbacks ran while the document was prepared`);
    } finally {
      clearInterval(ticker);
    }
    const session = edge.api.reader.currentSession;
    assert.ok(session, 'the reading started');
    await ui.waitFor(
      () => edge.server.requests.length,
      (count) => count > 0,
      { what: 'the first request' },
    );
    assert.match(edge.server.requests[0]!.text, /^The quick brown fox/);
  });
});
