import * as vscode from 'vscode';
import type { SessionState } from '../session/SpeechSession';

/** The status bar item shown while a reading is on: what it is doing, and a click to stop it. */
export class ReadingStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('readAloud.status', vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = 'Read Aloud';
  }

  show(state: SessionState, detail?: string): void {
    const suffix = detail ? ` ${detail}` : '';
    switch (state) {
      case 'starting':
        this.set('$(loading~spin) Read Aloud', `Starting to read…${suffix}`, 'readAloud.stop');
        break;
      case 'playing':
        this.set(`$(unmute) Reading${suffix}`, 'Reading aloud. Click to stop.', 'readAloud.stop');
        break;
      case 'paused':
        this.set(`$(debug-pause) Paused${suffix}`, 'Reading paused. Click to resume.', 'readAloud.togglePause');
        break;
      case 'needsUserGesture':
        this.set('$(warning) Enable audio', 'Click "Enable audio" in the Read Aloud panel to hear the reading.', 'readAloud.showPlayer');
        break;
      default:
        this.item.hide();
    }
  }

  private set(text: string, tooltip: string, command: string): void {
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.command = command;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
