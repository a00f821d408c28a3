import * as vscode from 'vscode';
import type { SessionState } from '../session/SpeechSession';
import { Disposable } from '../shared/dispose';

/**
 * The status bar while a reading is on: what it is doing and where (sentence n/m) — click to pause or
 * resume — and a stop button beside it.
 */
export class ReadingStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('readAloud.status', vscode.StatusBarAlignment.Right, 100));
  private readonly stopItem = this._register(
    vscode.window.createStatusBarItem('readAloud.stopButton', vscode.StatusBarAlignment.Right, 99),
  );

  constructor() {
    super();
    this.item.name = vscode.l10n.t('Read Aloud');
    this.stopItem.name = vscode.l10n.t('Read Aloud: Stop');
    this.stopItem.text = '$(debug-stop)';
    this.stopItem.tooltip = vscode.l10n.t('Stop reading aloud');
    this.stopItem.command = 'readAloud.stop';
  }

  /** `detail` is where the reading is (ReadingFeedback's position text, e.g. "3 / 12"). Icons stay outside the translated text. */
  show(state: SessionState, detail?: string): void {
    switch (state) {
      case 'starting':
        this.set(`$(loading~spin) ${vscode.l10n.t('Read Aloud')}`, vscode.l10n.t('Starting to read…'), 'readAloud.stop');
        break;
      case 'playing':
        this.set(
          `$(unmute) ${detail ? vscode.l10n.t('Reading {0}', detail) : vscode.l10n.t('Reading')}`,
          vscode.l10n.t('Reading aloud. Click to pause.'),
          'readAloud.togglePause',
        );
        break;
      case 'paused':
        this.set(
          `$(debug-pause) ${detail ? vscode.l10n.t('Paused {0}', detail) : vscode.l10n.t('Paused')}`,
          vscode.l10n.t('Reading paused. Click to resume.'),
          'readAloud.togglePause',
        );
        break;
      case 'needsUserGesture':
        this.set(
          `$(warning) ${vscode.l10n.t('Enable audio')}`,
          vscode.l10n.t('Click "Enable audio" in the Read Aloud panel to hear the reading.'),
          'readAloud.showPlayer',
        );
        break;
      default:
        this.item.hide();
        this.stopItem.hide();
    }
  }

  private set(text: string, tooltip: string, command: string): void {
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.command = command;
    this.item.show();
    this.stopItem.show();
  }
}
