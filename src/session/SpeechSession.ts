import { edgeEngine } from '../engines/edgeEngine';
import type { SentenceEvent, SpeechEngine } from '../engines/speechEngine';
import * as l10n from '../shared/l10n';
import type { FromPlayerMessage, ToPlayerMessage } from '../shared/protocol';
import { isSpeechError, SpeechError } from '../speech/speechError';
import type { SpeechEvent, SpeechSegment, SynthesisOptions } from '../speech/synthesizeSpeech';

/** What a session needs from the player: post messages to it, hear from it. PlayerView implements it. */
export interface PlayerChannel {
  post(message: ToPlayerMessage): void;
  onMessage(listener: (message: FromPlayerMessage) => void): { dispose(): void };
}

export type SessionState = 'starting' | 'playing' | 'paused' | 'needsUserGesture' | 'finished' | 'stopped' | 'failed';

export type SessionOutcome =
  { readonly kind: 'finished' } | { readonly kind: 'stopped' } | { readonly kind: 'failed'; readonly error: SpeechError };

export interface SessionHooks {
  onStateChange?(state: SessionState): void;
  /** The player has just been told the reading starts (with its first audio): it takes the reading's messages from now on. */
  onStarted?(): void;
  onWord?(word: Extract<SpeechEvent, { kind: 'word' }>): void;
  onSegment?(segment: Extract<SpeechEvent, { kind: 'segment' }>): void;
  /** A sentence begins (engines that do not report words). */
  onSentence?(sentence: SentenceEvent): void;
  /** A request failed and is being resumed; the reading goes on. */
  onRetry?(retry: Extract<SpeechEvent, { kind: 'retry' }>): void;
  /** The service does not offer the voice; the reading goes on in its language's default voice. */
  onVoiceFallback?(fallback: Extract<SpeechEvent, { kind: 'voiceFallback' }>): void;
  onProgress?(currentTimeSeconds: number): void;
  /** The synthesis failed; audio already received keeps playing to its end. */
  onError?(error: SpeechError): void;
}

export interface SessionPlan {
  /** Pulled one at a time as synthesis goes (a lazy plan prepares each when it is pulled). */
  readonly segments: Iterable<SpeechSegment>;
  readonly synthesis: Omit<SynthesisOptions, 'signal'>;
  /** Who speaks; absent: Edge with `synthesis`. */
  readonly engine?: SpeechEngine;
  readonly playbackRate: number;
  /** How far synthesis may run ahead of playback, in seconds of audio. */
  readonly aheadLimitSeconds: number;
}

/**
 * One reading, from its first request to the last sound. It owns the reading's single AbortController:
 * `stop()` aborts the synthesis (which closes the socket), tells the player to drop the reading, and
 * guarantees that no further chunk is posted.
 */
export class SpeechSession {
  private readonly abort = new AbortController();
  private readonly subscription: { dispose(): void };
  private state: SessionState = 'starting';
  private currentTime = 0;
  private buffered = { start: 0, end: 0 };
  private sentSeconds = 0;
  private synthesisDone = false;
  private playerWake: (() => void) | undefined;
  private resolveOutcome!: (outcome: SessionOutcome) => void;
  private failure: SpeechError | undefined;

  /** Settles once the reading is over: played to the end, stopped, or failed. */
  readonly outcome: Promise<SessionOutcome>;

  constructor(
    readonly readingId: number,
    private readonly player: PlayerChannel,
    private readonly plan: SessionPlan,
    private readonly hooks: SessionHooks = {},
  ) {
    this.outcome = new Promise((resolve) => (this.resolveOutcome = resolve));
    this.subscription = player.onMessage((message) => this.onPlayerMessage(message));
  }

  get currentState(): SessionState {
    return this.state;
  }

  /** The audio the player said it holds, in seconds of the reading (as of its last progress report). */
  get bufferedRange(): { readonly start: number; readonly end: number } {
    return this.buffered;
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /**
   * Starts synthesis at once and playback as soon as `playerReady` resolves, so that creating the
   * webview and connecting to the service overlap. Returns at once.
   */
  start(playerReady: Promise<boolean> = Promise.resolve(true)): void {
    void this.pump(playerReady);
  }

  stop(): void {
    if (this.isOver()) {
      return;
    }
    this.abort.abort();
    this.player.post({ type: 'stop', readingId: this.readingId });
    this.finish({ kind: 'stopped' });
  }

  setPaused(paused: boolean): void {
    if (!this.isOver()) {
      this.player.post({ type: 'setPaused', readingId: this.readingId, paused });
    }
  }

  setPlaybackRate(playbackRate: number): void {
    if (!this.isOver()) {
      this.player.post({ type: 'setPlaybackRate', readingId: this.readingId, playbackRate });
    }
  }

  /** Moves playback to `seconds` of audio the player already holds (see `bufferedRange`). */
  seek(seconds: number): void {
    if (!this.isOver()) {
      this.player.post({ type: 'seek', readingId: this.readingId, seconds });
    }
  }

  private async pump(playerReady: Promise<boolean>): Promise<void> {
    const signal = this.abort.signal;
    const engine = this.plan.engine ?? edgeEngine(this.plan.synthesis);
    const pcm = engine.audio.encoding === 'pcm-s16le' ? { pcm: { sampleRate: engine.audio.sampleRate } } : {};
    let seq = 0;
    let started = false;
    const startPlayer = async (): Promise<boolean> => {
      if (!started) {
        started = true;
        if (!(await playerReady)) {
          throw new SpeechError('interrupted', l10n.t('The Read Aloud player did not start. Open the "Read Aloud" panel and try again.'));
        }
        if (!signal.aborted) {
          this.player.post({ type: 'start', readingId: this.readingId, playbackRate: this.plan.playbackRate, ...pcm });
          this.hooks.onStarted?.();
        }
      }
      return !signal.aborted;
    };
    try {
      for await (const event of engine.speak(this.plan.segments, signal)) {
        if (signal.aborted) {
          return;
        }
        if (event.kind === 'word') {
          this.hooks.onWord?.(event);
        } else if (event.kind === 'segment') {
          this.hooks.onSegment?.(event);
        } else if (event.kind === 'sentence') {
          this.hooks.onSentence?.(event);
        } else if (event.kind === 'retry') {
          this.hooks.onRetry?.(event);
        } else if (event.kind === 'voiceFallback') {
          this.hooks.onVoiceFallback?.(event);
        } else {
          if (!(await startPlayer())) {
            return;
          }
          // Bound how far synthesis runs ahead: memory stays flat and a stop wastes little.
          await this.waitForPlayback(signal);
          if (signal.aborted) {
            return;
          }
          this.player.post({ type: 'chunk', readingId: this.readingId, seq: seq++, data: toArrayBuffer(event.chunk) });
          this.sentSeconds += event.chunk.length / engine.audio.bytesPerSecond;
        }
      }
    } catch (error) {
      if (signal.aborted) {
        return;
      }
      const failure = this.recordFailure(error);
      if (seq === 0) {
        if (started) {
          this.player.post({ type: 'stop', readingId: this.readingId });
        }
        this.finish({ kind: 'failed', error: failure });
        return;
      }
    }
    if (signal.aborted) {
      return;
    }
    try {
      if (!(await startPlayer())) {
        return;
      }
    } catch (error) {
      this.finish({ kind: 'failed', error: this.recordFailure(error) });
      return;
    }
    this.synthesisDone = true;
    this.player.post({ type: 'end', readingId: this.readingId });
  }

  private recordFailure(error: unknown): SpeechError {
    const failure = isSpeechError(error)
      ? error
      : new SpeechError('interrupted', l10n.t('Reading failed: {0}', error instanceof Error ? error.message : String(error)));
    this.failure = failure;
    this.hooks.onError?.(failure);
    return failure;
  }

  private waitForPlayback(signal: AbortSignal): Promise<void> {
    if (this.sentSeconds - this.currentTime < this.plan.aheadLimitSeconds || signal.aborted) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const onAbort = () => resolve();
      signal.addEventListener('abort', onAbort, { once: true });
      this.playerWake = () => {
        if (this.sentSeconds - this.currentTime < this.plan.aheadLimitSeconds) {
          signal.removeEventListener('abort', onAbort);
          this.playerWake = undefined;
          resolve();
        }
      };
    });
  }

  private onPlayerMessage(message: FromPlayerMessage): void {
    if (!('readingId' in message) || message.readingId !== this.readingId || this.isOver()) {
      return;
    }
    switch (message.type) {
      case 'playing':
        this.setState('playing');
        break;
      case 'needsUserGesture':
        this.setState('needsUserGesture');
        break;
      case 'pausedChanged':
        this.setState(message.paused ? 'paused' : 'playing');
        break;
      case 'progress':
        this.currentTime = message.currentTime;
        this.buffered = { start: message.bufferedStart, end: message.bufferedTime };
        this.hooks.onProgress?.(message.currentTime);
        this.playerWake?.();
        break;
      case 'ended':
        if (this.synthesisDone) {
          this.finish(this.failure ? { kind: 'failed', error: this.failure } : { kind: 'finished' });
        }
        break;
      case 'error':
        this.abort.abort();
        this.finish({
          kind: 'failed',
          error: this.recordFailure(new SpeechError('interrupted', l10n.t('The player could not play the audio: {0}', message.message))),
        });
        break;
      case 'stopRequested':
        this.stop();
        break;
    }
  }

  private isOver(): boolean {
    return this.state === 'finished' || this.state === 'stopped' || this.state === 'failed';
  }

  private setState(state: SessionState): void {
    if (this.state !== state) {
      this.state = state;
      this.hooks.onStateChange?.(state);
    }
  }

  private finish(outcome: SessionOutcome): void {
    // A reading stopped from an error hook (e.g. to go on with another engine) stays stopped.
    if (this.isOver()) {
      return;
    }
    this.subscription.dispose();
    this.playerWake = undefined;
    this.setState(outcome.kind);
    this.resolveOutcome(outcome);
  }
}

/** Posts only the chunk's own bytes: a view's `.buffer` may be larger than the view. */
function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) {
    return bytes.buffer;
  }
  return bytes.slice().buffer;
}
