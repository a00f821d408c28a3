// Read Aloud's own keys must not take a key VS Code already uses: checked against VS Code's real
// default keybindings (the same list "Preferences: Open Default Keyboard Shortcuts (JSON)" shows).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

interface Binding {
  readonly key: string;
  readonly command: string;
}

describe('keybindings', () => {
  it("none of Read Aloud's keys is one of VS Code's defaults", async () => {
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    const document = vscode.window.activeTextEditor?.document;
    assert.ok(document, 'the default keybindings opened');
    const text = document.getText();
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    // The file is JSON with comments; each binding is a one-line-per-field object: pick key and command.
    const defaults: Binding[] = [];
    for (const match of text.matchAll(/"key":\s*"([^"]+)",\s*"command":\s*"([^"]+)"/g)) {
      defaults.push({ key: match[1]!.toLowerCase(), command: match[2]! });
    }
    assert.ok(defaults.length > 500, `parsed ${defaults.length} default bindings`);

    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as {
      contributes: { keybindings: Array<{ key: string; command: string }> };
    };
    // Escape is meant to share (guarded by readAloud.speaking and the widgets' own context keys).
    const ours = pkg.contributes.keybindings.filter((b) => b.key !== 'escape').map((b) => b.key.toLowerCase());
    assert.ok(ours.length >= 4);
    const clashes = defaults.filter(
      (d) => !d.command.startsWith('readAloud.') && ours.some((key) => d.key === key || d.key.startsWith(`${key} `)),
    );
    assert.deepEqual(clashes, [], 'default bindings on our keys');
  });
});
