// Every word the user reads goes through l10n: no English literal is handed straight to a notification,
// the status bar, a picker, a SpeechError, a settings problem or the player's screen (see
// test/l10n/untranslatedText.ts for exactly which places). A failure lists file:line and the literal.
import * as assert from 'node:assert/strict';
import { ROOT } from '../l10n/l10nMessages';
import { findUntranslatedText, projectSources } from '../l10n/untranslatedText';

describe('l10n coverage', () => {
  it('src/ and media/ give the user no English literal that bypasses l10n', () => {
    const sources = projectSources(ROOT);
    assert.ok(sources.some((source) => source.file === 'media/playerUi.ts') && sources.length > 50, `${sources.length} files scanned`);
    const found = findUntranslatedText(sources);
    assert.equal(
      found.length,
      0,
      `User-facing text without l10n (use vscode.l10n.t / l10n.t, or the player's strings from src/shared/playerStrings.ts):\n${found.join('\n')}`,
    );
  });

  it('finds each kind of literal it looks for, and lets translated text, values and comparisons through', () => {
    const file = 'media/example.ts';
    const text = [
      "vscode.window.showWarningMessage('Read Aloud: it broke.');", // 1
      "vscode.window.showInformationMessage(vscode.l10n.t('Read Aloud: fine.'), retryLabel);", // 2: translated
      'vscode.window.setStatusBarMessage(`Read Aloud: voice ${name}`, 3000);', // 3
      "button.textContent = 'Enable audio';", // 4
      "panel.setAttribute('aria-label', strings.playerLabel);", // 5: host-supplied
      "panel.setAttribute('aria-label', 'Read Aloud player');", // 6
      "throw new SpeechError('engine', ok ? l10n.t('Fine.') : 'Broken engine.');", // 7
      "problems.push('readAloud.x must be true or false.');", // 8
      'this.fail(fill(strings.playbackFailed, errorText(error)));', // 9: host-supplied template
      "if (event.key === 'Enter') { console.warn('Dropped a message'); }", // 10: compared, logged
      "function statusText() { return 'Buffering…'; }", // 11
      'item.text = `$(loading~spin) ${detail}`;', // 12: an icon is not a word
      "setText(this.pauseButton, paused ? strings.resume : 'Pause');", // 13
    ].join('\n');
    assert.deepEqual(
      findUntranslatedText([{ file, text }]).map((line) => line.split(':').slice(0, 2).join(':')),
      ['1', '3', '4', '6', '7', '8', '11', '13'].map((line) => `${file}:${line}`),
    );
  });
});
