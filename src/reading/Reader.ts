import * as vscode from 'vscode';
import { openSetting, readSpeechSettings } from '../config';
import { ReadingStatusBar } from '../editor/ReadingStatusBar';
import type { PlayerView } from '../player/PlayerView';
import { SpeechSession, type SessionOutcome, type SessionState } from '../session/SpeechSession';
import { planSpeed, voiceOptionsFor } from '../settings/speechSettings';
import type { SpeechError } from '../speech/speechError';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS } from '../speech/synthesizeSpeech';
import { planReading, type SourcePassage } from './readingPlan';

/** Context key: true from the moment a reading starts until its sound ends; guards the Escape keybinding. */
export const SPEAKING_CONTEXT_KEY = 'readAloud.speaking';

/** Synthesis runs at most this far ahead of playback: gapless, yet a stop wastes little. */
const AHEAD_LIMIT_SECONDS = 60;
const PLAYER_READY_TIMEOUT_MS = 10_000;

/** What the user asked to read, and from where. */
export interface ReadingRequest {
  readonly passages: readonly SourcePassage[];
  /** Shown in messages, e.g. "selection". */
  readonly description: string;
}

/**
 * Owns "the current reading". Starting a reading stops the previous one first, so two readings never
 * overlap; everything about one reading lives in its SpeechSession.
 */
export class Reader implements vscode.Disposable {
  private session: SpeechSession | undefined;
  private nextReadingId = 1;
  private readonly statusBar = new ReadingStatusBar();
  private readonly stateListeners = new Set<(readingId: number, state: SessionState) => void>();

  constructor(
    private readonly player: PlayerView,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get currentSession(): SpeechSession | undefined {
    return this.session;
  }

  /** For tests and the status bar: every state change of every reading. */
  onStateChange(listener: (readingId: number, state: SessionState) => void): vscode.Disposable {
    this.stateListeners.add(listener);
    return new vscode.Disposable(() => this.stateListeners.delete(listener));
  }

  /** Starts reading; resolves once the reading has started (not when it ends). Returns the session, if any. */
  async read(request: ReadingRequest): Promise<SpeechSession | undefined> {
    this.stop();
    const plan = planReading(request.passages);
    if (plan.segments.length === 0) {
      void vscode.window.showInformationMessage(`Read Aloud: nothing to read — the ${request.description} is empty or only whitespace.`);
      return undefined;
    }
    const { settings, problems } = readSpeechSettings();
    for (const problem of problems) {
      void vscode.window.showWarningMessage(`Read Aloud: ${problem.message}`, 'Open Settings').then((choice) => {
        if (choice) {
          void openSetting(problem.setting);
        }
      });
    }
    const readingId = this.nextReadingId++;
    const session = new SpeechSession(
      readingId,
      this.player,
      {
        segments: plan.segments,
        synthesis: {
          voice: voiceOptionsFor(settings),
          connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
          idleTimeoutMs: DEFAULT_IDLE_TIMEOUT_MS,
          wordBoundaries: false,
        },
        playbackRate: planSpeed(settings.speed).playbackRate,
        aheadLimitSeconds: AHEAD_LIMIT_SECONDS,
      },
      {
        onStateChange: (state) => this.onSessionState(session, state),
        onError: (error) => this.showError(error, request),
      },
    );
    this.session = session;
    this.log.info(
      `Reading ${readingId}: ${plan.spokenLength} characters in ${plan.segments.length} request(s), voice ${settings.voice}, speed ${settings.speed}`,
    );
    void this.setSpeaking(true);
    this.statusBar.show('starting');
    session.start(this.player.ensureReady(PLAYER_READY_TIMEOUT_MS));
    void session.outcome.then((outcome) => this.onSessionOver(session, outcome));
    return session;
  }

  stop(): void {
    this.session?.stop();
  }

  togglePause(): void {
    const session = this.session;
    if (session) {
      session.setPaused(session.currentState !== 'paused');
    }
  }

  dispose(): void {
    this.stop();
    this.statusBar.dispose();
    this.stateListeners.clear();
  }

  private onSessionState(session: SpeechSession, state: SessionState): void {
    for (const listener of [...this.stateListeners]) {
      listener(session.readingId, state);
    }
    if (session !== this.session) {
      return;
    }
    this.statusBar.show(state);
    if (state === 'needsUserGesture') {
      void vscode.window
        .showInformationMessage(
          'Read Aloud: click "Enable audio" in the Read Aloud panel to hear the reading. VS Code lets a panel play sound only after one click inside it.',
          'Show Player',
        )
        .then((choice) => {
          if (choice) {
            void this.player.reveal();
          }
        });
    }
  }

  private onSessionOver(session: SpeechSession, outcome: SessionOutcome): void {
    this.log.info(`Reading ${session.readingId} ${outcome.kind}${outcome.kind === 'failed' ? `: ${outcome.error.message}` : ''}`);
    if (session === this.session) {
      this.session = undefined;
      this.statusBar.show(outcome.kind);
      void this.setSpeaking(false);
    }
  }

  private showError(error: SpeechError, request: ReadingRequest): void {
    this.log.error(`Synthesis failed (${error.kind}): ${error.message}`);
    const actions = error.kind === 'rejected' ? ['Retry', 'Open Settings'] : ['Retry'];
    void vscode.window.showErrorMessage(`Read Aloud: ${error.message}`, ...actions).then((choice) => {
      if (choice === 'Retry') {
        void this.read(request);
      } else if (choice === 'Open Settings') {
        void openSetting('voice');
      }
    });
  }

  private setSpeaking(speaking: boolean): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', SPEAKING_CONTEXT_KEY, speaking);
  }
}
