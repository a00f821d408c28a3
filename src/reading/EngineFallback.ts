import * as vscode from 'vscode';
import { openSetting, readEngineSettings } from '../config';
import { edgeFallbackMessage, engineForReading, fallsBackToSystemVoice } from '../engines/engineChoice';
import type { EngineId } from '../engines/speechEngine';
import { systemBackendFor } from '../engines/system/systemEngine';
import { speechFailedMessage } from '../notifications/messages';
import type { SpeechError } from '../speech/speechError';

/**
 * What `readAloud.engine: auto` remembers between readings: when Edge last failed (readings stay on the
 * system voice for a while after that), and whether the user has been told (once, until Edge works again).
 */
export class EngineFallback {
  private edgeFailedAt: number | undefined;
  private notified = false;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** The engine a new reading starts with. */
  engineForNewReading(): EngineId {
    return engineForReading(readEngineSettings().settings.mode, this.edgeFailedAt, Date.now());
  }

  /**
   * Edge failed a reading: true if the system voice should go on with it (then the user is told once,
   * with a "Retry Edge" button that calls `retryEdge`).
   */
  takeOver(error: SpeechError, readingId: number, retryEdge: () => void): boolean {
    if (!fallsBackToSystemVoice(readEngineSettings().settings.mode, error)) {
      return false;
    }
    this.log.warn(`Reading ${readingId}: Edge failed (${error.kind}: ${error.message}); going on with the system voice`);
    this.edgeFailedAt = Date.now();
    if (!this.notified) {
      this.notified = true;
      const retryEdgeLabel = vscode.l10n.t('Retry Edge');
      void vscode.window
        .showWarningMessage(edgeFallbackMessage(error, systemBackendFor(process.platform).name), retryEdgeLabel)
        .then((choice) => {
          if (choice === retryEdgeLabel) {
            retryEdge();
          }
        });
    }
    return true;
  }

  /** Edge is heard again, or the user asked for it: Edge first, and a later outage is worth saying again. */
  edgeWorks(): void {
    this.edgeFailedAt = undefined;
    this.notified = false;
  }

  /** The system voice is missing or failed: say what to install, and offer Edge where the user allows it. */
  showSystemVoiceError(error: SpeechError, retryEdge: () => void): void {
    this.log.error(`System voice failed: ${error.message}`);
    const retryEdgeLabel = vscode.l10n.t('Retry Edge');
    const openSettings = vscode.l10n.t('Open Settings');
    const actions = readEngineSettings().settings.mode === 'auto' ? [retryEdgeLabel, openSettings] : [openSettings];
    void vscode.window.showErrorMessage(speechFailedMessage(error.message), ...actions).then((choice) => {
      if (choice === retryEdgeLabel) {
        this.edgeWorks();
        retryEdge();
      } else if (choice === openSettings) {
        void openSetting('engine');
      }
    });
  }
}
