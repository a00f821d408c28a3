import * as vscode from 'vscode';
import { openSetting, readEngineSettings } from '../config';
import { edgeFailureSummary, engineForReading, fallsBackToSystemVoice } from '../engines/engineChoice';
import type { EngineId } from '../engines/speechEngine';
import { systemBackendFor } from '../engines/system/systemEngine';
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
      void vscode.window
        .showWarningMessage(
          `Read Aloud: ${edgeFailureSummary(error)}, so the reading goes on with the system voice (${systemBackendFor(process.platform).name}).`,
          'Retry Edge',
        )
        .then((choice) => {
          if (choice === 'Retry Edge') {
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
    const actions = readEngineSettings().settings.mode === 'auto' ? ['Retry Edge', 'Open Settings'] : ['Open Settings'];
    void vscode.window.showErrorMessage(`Read Aloud: ${error.message}`, ...actions).then((choice) => {
      if (choice === 'Retry Edge') {
        this.edgeWorks();
        retryEdge();
      } else if (choice === 'Open Settings') {
        void openSetting('engine');
      }
    });
  }
}
