// The audit's attack: a repository ships a `.vscode/settings.json` whose readAloud.voice is a fake
// "Open Settings" link that installs an extension, plus thousands of invalid pronunciations. Reading
// must show plain-text warnings with no link in them, a few of them, once.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as ui from './ui';
import { notificationsMatching, openFixture, sleep, useFakeEdge, waitForNotification, useWorkspaceSettings } from './readAloud';

// Short enough to fit whole in what the messages quoted before (80 characters of the voice, 40 of a rule).
const LINK = '[Open Settings](command:workbench.extensions.installExtension?%22e.x%22)';
const SHORT_LINK = '[Open](command:workbench.action.quit)';

ui.describeUi('a repository with hostile workspace settings', () => {
  const edge = useFakeEdge();
  const settings = useWorkspaceSettings();

  it('no link, a few warnings, once: and the reading goes on in the default voice', async () => {
    await settings.write({
      'readAloud.voice': LINK,
      'readAloud.pronunciations': Array.from({ length: 1000 }, (_, n) => ({ from: `${SHORT_LINK} ${n}` })),
    });
    assert.match(
      vscode.workspace.getConfiguration('readAloud').get<string>('voice') ?? '',
      /installExtension/,
      'the workspace value is in force',
    );

    const editor = await openFixture('sample.txt');
    editor.selection = new vscode.Selection(0, 0, 0, editor.document.lineAt(0).text.length);
    await vscode.commands.executeCommand('readAloud.readSelection');
    await waitForNotification(/readAloud\.voice is not an Edge voice name/);
    await waitForNotification(/more problems with the Read Aloud settings/);
    const shown = await ui.notifications();
    const ours = shown.filter((n) => n.source.includes('Read Aloud') || n.message.startsWith('Read Aloud'));
    assert.ok(ours.length >= 2, JSON.stringify(shown));
    for (const notification of ours) {
      assert.deepEqual(notification.links, [], `a link in ${JSON.stringify(notification.message)}`);
      assert.doesNotMatch(notification.message, /installExtension|\]\(command:/, 'no link syntax either');
    }
    assert.equal((await notificationsMatching(/Pronunciation/)).length, 3, 'three problems shown one by one');
    await ui.waitFor(
      () => edge.server.requests.length,
      (count) => count > 0,
      { what: 'the request' },
    );
    assert.equal(edge.server.requests[0]?.voice, 'en-US-AvaNeural', 'read in the default voice');

    // The same settings on the next reading: nothing new to say.
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('readAloud.readSelection');
    await sleep(1500);
    assert.deepEqual(await notificationsMatching(/^Read Aloud: (?!click)/), [], 'no repeated warnings');
  });
});
