// Proves the harness, independent of Read Aloud's own features: a real VS Code with the fixture
// workspace and the test env, the extension under development loaded, and every UI-bridge action
// (palette, keys, context menu, webview clicks and reads, notifications, status bar, screenshots).
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import * as ui from './ui';

const EXTENSION_ID = 'read-aloud.read-aloud';

async function openUntitled(content: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content });
  return vscode.window.showTextDocument(doc);
}

async function closeActiveWithoutSaving(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

describe('e2e harness: host', () => {
  it('runs in a real VS Code with the fixture workspace and the test env', () => {
    console.log(
      `    VS Code ${vscode.version}, ${vscode.env.appName}, uiKind ${vscode.UIKind[vscode.env.uiKind]}, remote ${vscode.env.remoteName ?? 'none'}, Node ${process.version}`,
    );
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    assert.ok(fs.existsSync(vscode.Uri.joinPath(folder.uri, 'sample.txt').fsPath), 'the fixture workspace is open');
    assert.equal(process.env.READ_ALOUD_E2E, '1', 'extensionTestsEnv reaches the extension host');
  });

  it('loads the extension under development', () => {
    // Not activated here: the smoke test must not depend on dist/extension.js being built.
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID), `${EXTENSION_ID} is loaded from extensionDevelopmentPath`);
  });

  it('opens sample.txt in an editor', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'sample.txt'));
    const editor = await vscode.window.showTextDocument(doc);
    assert.equal(vscode.window.activeTextEditor, editor);
    assert.match(editor.document.getText(), /quick brown fox/);
  });
});

ui.describeUi('e2e harness: UI bridge', () => {
  // First, while (if this file runs first) nothing has pressed a key or clicked in the page yet.
  it('reads a webview without activating it; a click in it does', async () => {
    const nonce = crypto.randomBytes(16).toString('hex');
    const panel = vscode.window.createWebviewPanel('readAloudE2eProbe', 'E2E Probe', vscode.ViewColumn.Beside, { enableScripts: true });
    panel.webview.html = probeHtml(nonce);
    const probe: ui.WebviewTarget = { selector: '[data-e2e-probe]' };
    try {
      const pageActivated = (await ui.userActivation()).hasBeenActive;
      const before = await ui.waitFor(
        () => ui.playerState(probe),
        (s) => s.statusText !== 'idle',
        { what: 'the probe to try autoplay' },
      );
      assert.equal(before.hasAudio, true);
      assert.equal(before.hasBeenActive, false, 'reading the webview did not give it user activation');
      assert.equal(before.enableAudioVisible, true);
      if (!pageActivated) {
        // Chromium's default policy, no autoplay flag: nothing played without a gesture.
        assert.equal(before.statusText, 'autoplay blocked: NotAllowedError');
        assert.equal(before.paused, true);
      } else {
        console.log(`    (page already activated by an earlier test: autoplay said "${before.statusText}")`);
      }

      await ui.clickInWebview(probe, 'button', 'Enable audio');
      const after = await ui.waitFor(
        () => ui.playerState(probe),
        (s) => s.statusText === 'playing',
        { what: 'the probe to play after the click' },
      );
      assert.equal(after.paused, false);
      assert.equal(after.hasBeenActive, true);
    } finally {
      panel.dispose();
    }
  });

  it('runs a built-in command from the palette', async () => {
    const editor = await openUntitled('hello read aloud');
    try {
      editor.selection = new vscode.Selection(0, 0, 0, 16);
      const { label } = await ui.runCommandFromPalette('Transform to Uppercase');
      assert.equal(label, 'Transform to Uppercase');
      await ui.waitFor(
        () => editor.document.getText(),
        (t) => t === 'HELLO READ ALOUD',
        { what: 'the text to be upper-cased' },
      );

      // Focus went back to the editor: a key press lands there.
      await ui.press('Control+Z');
      await ui.waitFor(
        () => editor.document.getText(),
        (t) => t === 'hello read aloud',
        { what: 'Ctrl+Z to undo' },
      );
    } finally {
      await closeActiveWithoutSaving();
    }
  });

  it('right-clicks the selection and picks a context menu item', async () => {
    const editor = await openUntitled('alpha beta alpha gamma alpha');
    try {
      editor.selection = new vscode.Selection(0, 0, 0, 5);
      await ui.focusEditor();
      await ui.contextMenu('Change All Occurrences');
      const selections = await ui.waitFor(
        () => editor.selections,
        (s) => s.length === 3,
        { what: 'three selections' },
      );
      assert.deepEqual(
        selections.map((s) => editor.document.getText(s)),
        ['alpha', 'alpha', 'alpha'],
      );
      await ui.press('Escape');
    } finally {
      await closeActiveWithoutSaving();
    }
  });

  it('reads notifications and status bar items', async () => {
    void vscode.window.showInformationMessage('E2E probe notification', 'Got it');
    const toasts = await ui.waitFor(ui.notifications, (n) => n.some((t) => t.message === 'E2E probe notification'), { what: 'the toast' });
    const toast = toasts.find((t) => t.message === 'E2E probe notification')!;
    assert.equal(toast.severity, 'info');
    assert.deepEqual(toast.actions, ['Got it']);

    const item = vscode.window.createStatusBarItem('e2eProbe', vscode.StatusBarAlignment.Left);
    item.text = 'E2E probe status';
    item.show();
    try {
      const items = await ui.waitFor(ui.statusBar, (list) => list.some((i) => i.text === 'E2E probe status'), {
        what: 'the status bar item',
      });
      assert.ok(items.find((i) => i.text === 'E2E probe status')!.id.endsWith('e2eProbe'));
    } finally {
      item.dispose();
      await vscode.commands.executeCommand('notifications.clearAll');
    }
  });

  it('saves screenshots into the run artifacts', async () => {
    const file = await ui.screenshot('smoke');
    assert.ok(fs.statSync(file).size > 1000, `${file} was written`);
  });
});

/** A stand-in player: one <audio> (a second of silence, looped), an "Enable audio" button, a status. */
function probeHtml(nonce: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'; media-src blob:; style-src 'unsafe-inline';">
<title>E2E Probe</title>
</head>
<body data-e2e-probe>
<audio loop></audio>
<button type="button">Enable audio</button>
<p role="status">idle</p>
<script nonce="${nonce}">
  const audio = document.querySelector('audio');
  const status = document.querySelector('[role="status"]');
  const rate = 8000;
  const bytes = new Uint8Array(44 + rate);
  const view = new DataView(bytes.buffer);
  const ascii = (at, text) => { for (let i = 0; i < text.length; i++) bytes[at + i] = text.charCodeAt(i); };
  ascii(0, 'RIFF'); view.setUint32(4, 36 + rate, true); ascii(8, 'WAVEfmt ');
  view.setUint32(16, 16, true); view.setUint16(20, 1, true); view.setUint16(22, 1, true);
  view.setUint32(24, rate, true); view.setUint32(28, rate, true); view.setUint16(32, 1, true); view.setUint16(34, 8, true);
  ascii(36, 'data'); view.setUint32(40, rate, true); bytes.fill(128, 44);
  audio.src = URL.createObjectURL(new Blob([bytes], { type: 'audio/wav' }));
  audio.play().then(() => { status.textContent = 'autoplay allowed'; }, (e) => { status.textContent = 'autoplay blocked: ' + e.name; });
  document.querySelector('button').addEventListener('click', () => {
    audio.play().then(() => { status.textContent = 'playing'; }, (e) => { status.textContent = 'play failed: ' + e.name; });
  });
</script>
</body>
</html>`;
}
