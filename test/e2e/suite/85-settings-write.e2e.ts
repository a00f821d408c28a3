// Read Faster when VS Code cannot write the user settings (the file has an error): the user is told what
// failed and offered the file, instead of VS Code's generic "command failed".
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import * as ui from './ui';
import { notificationsMatching, sleep, useFakeEdge, waitForNotification } from './readAloud';

/** The user settings file on disk (code-server keeps it beside the extension host). */
async function userSettingsPath(): Promise<string> {
  await vscode.commands.executeCommand('workbench.action.openSettingsJson');
  const uri = vscode.window.activeTextEditor?.document.uri;
  assert.ok(uri, 'the user settings file opened');
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  return uri.path;
}

ui.describeUi('saving a setting fails', () => {
  useFakeEdge();

  it('Read Faster with a broken settings file says so, offers the file, and changes nothing', async () => {
    const file = await userSettingsPath();
    const original = await fs.readFile(file, 'utf8');
    const speedBefore = vscode.workspace.getConfiguration('readAloud').get<number>('speed') ?? 1;
    try {
      await fs.writeFile(file, '{\n  "readAloud.pitch": 0,\n  this is not JSON\n}\n');
      await sleep(1000); // VS Code rereads the file when it changes on disk

      const speed = await vscode.commands.executeCommand<number>('readAloud.faster');
      assert.equal(speed, speedBefore, 'the speed is unchanged');
      const notification = await waitForNotification(/couldn't save readAloud\.speed in your user settings/);
      assert.equal(notification.severity, 'error');
      assert.deepEqual(notification.actions, ['Open User Settings (JSON)']);
      assert.deepEqual(await notificationsMatching(/resulted in an error|command .* failed/i), [], "no generic 'command failed'");
    } finally {
      await fs.writeFile(file, original);
      await sleep(500);
    }
    assert.equal(vscode.workspace.getConfiguration('readAloud').get<number>('speed') ?? 1, speedBefore);
  });
});
