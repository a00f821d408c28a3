// The notifications a reading (or an export) shows about itself: a settings problem, a failure with
// Retry, a voice the service dropped. Each carries only our own text and validated values: messages with
// someone else's words go through notifications/messages.ts (untrustedText) first.

import * as vscode from 'vscode';
import { openSetting } from '../config';
import { speechFailedMessage } from '../notifications/messages';
import type { SpeechError } from '../speech/speechError';

/** A warning about the settings; `setting` (e.g. `voice`) adds Open Settings for it. */
export function showSettingWarning(message: string, setting?: string): void {
  if (setting === undefined) {
    void vscode.window.showWarningMessage(message);
    return;
  }
  void vscode.window.showWarningMessage(message, vscode.l10n.t('Open Settings')).then((choice) => {
    if (choice) {
      void openSetting(setting);
    }
  });
}

/** A reading failed: say why, with Retry (and Open Settings when the service rejected the voice or its settings). */
export function showSpeechError(error: SpeechError, log: vscode.LogOutputChannel, retry: () => void): void {
  log.error(`Synthesis failed (${error.kind}): ${error.message}`);
  const retryLabel = vscode.l10n.t('Retry');
  const openSettings = vscode.l10n.t('Open Settings');
  const actions = error.kind === 'rejected' ? [retryLabel, openSettings] : [retryLabel];
  void vscode.window.showErrorMessage(speechFailedMessage(error.message), ...actions).then((choice) => {
    if (choice === retryLabel) {
      retry();
    } else if (choice === openSettings) {
      void openSetting('voice');
    }
  });
}

/** Both names are voice names (the setting's pattern, the validated voice list): no server text. */
export function announceVoiceFallback(from: string, to: string): void {
  void vscode.window
    .showInformationMessage(
      vscode.l10n.t('Read Aloud: the voice {0} is no longer available, so {1} is reading instead.', from, to),
      vscode.l10n.t('Select Voice'),
    )
    .then((choice) => {
      if (choice) {
        void vscode.commands.executeCommand('readAloud.selectVoice');
      }
    });
}
