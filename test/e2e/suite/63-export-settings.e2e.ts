// Save as MP3 plans its text like a reading (one plan builder): invalid settings are warned about before
// the save dialog, as a reading warns, and a warning the export gave is not given again by the next
// reading (once per change of the settings, shared).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as ui from './ui';
import { notificationsMatching, openFixture, sleep, useFakeEdge, waitForNotification, useWorkspaceSettings } from './readAloud';

ui.describeUi('Save as MP3 and the settings warnings', () => {
  const edge = useFakeEdge();
  const settings = useWorkspaceSettings();

  it('warns about invalid text and speech settings as a reading does, once for both', async () => {
    await settings.write({ 'readAloud.markdown.codeBlocks': 'loudly', 'readAloud.speed': 'fast' });
    const editor = await openFixture('sample.txt');
    editor.selection = new vscode.Selection(0, 0, 0, editor.document.lineAt(0).text.length);

    const saving = vscode.commands.executeCommand<vscode.Uri | undefined>('readAloud.saveSelectionAsMp3');
    // The save dialog (a quick input in the browser) comes after the warnings; cancel it.
    await ui.waitFor(ui.quickInput, (q) => q.visible, { what: 'the save dialog' });
    await ui.press('Escape');
    assert.equal(await saving, undefined, 'nothing saved');
    await waitForNotification(/readAloud\.markdown\.codeBlocks must be one of/);
    const speed = await waitForNotification(/readAloud\.speed/);
    assert.equal(speed.severity, 'warning');
    assert.equal(edge.server.requests.length, 0, 'no text was sent');

    // A reading with the same settings: already said.
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('readAloud.readSelection');
    await ui.waitFor(
      () => edge.server.requests.length,
      (count) => count > 0,
      { what: 'the reading to send its text' },
    );
    await sleep(1000);
    assert.deepEqual(await notificationsMatching(/codeBlocks|readAloud\.speed/), [], 'no repeated warnings');
  });
});
