// What every reading in the player shares, whichever way its audio plays (Reading: MP3 on the <audio>
// element, for Edge; PcmReading: PCM through Web Audio, for the system voice): the flags the panel's status
// comes from, the progress timer, and how a reading ends — finished (`ended` posted), failed (`error`
// posted and its audio freed at once) or disposed (freed, nothing posted) — after which it posts nothing.
import type { FromPlayerMessage } from '../src/shared/protocol';

/** What the panel shows about a reading. */
export type ReadingStatus =
  | { readonly kind: 'buffering' }
  | { readonly kind: 'reading' }
  | { readonly kind: 'paused' }
  | { readonly kind: 'blocked' }
  | { readonly kind: 'stopping' }
  | { readonly kind: 'finished' }
  | { readonly kind: 'failed'; readonly message: string };

/** What a reading is doing, from its flags in order of precedence (MP3 and PCM readings alike). */
export function readingStatus(flags: {
  readonly failure: string | undefined;
  readonly finished: boolean;
  readonly stopRequested: boolean;
  readonly blocked: boolean;
  readonly wantsPaused: boolean;
  readonly buffering: boolean;
}): ReadingStatus {
  if (flags.failure !== undefined) {
    return { kind: 'failed', message: flags.failure };
  }
  if (flags.finished) {
    return { kind: 'finished' };
  }
  if (flags.stopRequested) {
    return { kind: 'stopping' };
  }
  if (flags.blocked) {
    return { kind: 'blocked' };
  }
  if (flags.wantsPaused) {
    return { kind: 'paused' };
  }
  return flags.buffering ? { kind: 'buffering' } : { kind: 'reading' };
}

export interface ReadingOutput {
  post(message: FromPlayerMessage): void;
  /** Status or elapsed time changed: redraw the panel. */
  changed(): void;
}

/** A timer, not requestAnimationFrame: rAF stops while the webview is hidden, and audio goes on. */
const PROGRESS_INTERVAL_MS = 50;

export abstract class ReadingLifecycle {
  protected wantsPaused = false;
  protected hasPlayed = false;
  protected blocked = false;
  protected stopRequested = false;
  /** Ended or failed: the reading posts nothing more. */
  protected finished = false;
  protected failure: string | undefined;
  protected disposed = false;
  private progressTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    readonly id: number,
    protected readonly output: ReadingOutput,
  ) {}

  get status(): ReadingStatus {
    return readingStatus({
      failure: this.failure,
      finished: this.finished,
      stopRequested: this.stopRequested,
      blocked: this.blocked,
      wantsPaused: this.wantsPaused,
      buffering: this.buffering,
    });
  }

  get paused(): boolean {
    return this.wantsPaused;
  }

  /** Whether Pause and Stop still mean something for this reading. */
  get controllable(): boolean {
    return !this.finished && !this.stopRequested && !this.disposed;
  }

  setPaused(paused: boolean): void {
    if (!this.controllable || paused === this.wantsPaused) {
      return;
    }
    this.wantsPaused = paused;
    this.output.post({ type: 'pausedChanged', readingId: this.id, paused });
    if (paused) {
      this.pauseAudio();
      this.postProgress();
    } else {
      this.resumeAudio();
    }
    this.output.changed();
  }

  /** The user clicked "Enable audio": the reading plays, unpaused, from inside that click. */
  unlock(): void {
    if (!this.controllable) {
      return;
    }
    if (this.wantsPaused) {
      this.wantsPaused = false;
      this.output.post({ type: 'pausedChanged', readingId: this.id, paused: false });
    }
    this.blocked = false;
    this.playFromClick();
    this.output.changed();
  }

  /** The panel's Stop button: silence at once and ask the host, which answers with `stop`. */
  requestStop(): void {
    if (!this.controllable) {
      return;
    }
    this.stopRequested = true;
    this.silence();
    this.output.post({ type: 'stopRequested', readingId: this.id });
    this.output.changed();
  }

  /** Silences the reading and frees its audio; nothing more is posted for it. */
  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.teardown();
    this.disposed = true;
  }

  /** Waiting for audio: none has played yet, or playback ran dry. */
  protected abstract get buffering(): boolean;

  /** Runs every progress interval while the progress timer runs. */
  protected abstract onProgressTick(): void;

  /** Where playback is, in seconds of the reading, and the span of audio held around it. */
  protected abstract position(): { readonly currentTime: number; readonly bufferedStart: number; readonly bufferedTime: number };

  /** Stops the sound for a pause, keeping what is buffered. */
  protected abstract pauseAudio(): void;

  /** Plays on after a pause, unless something (no audio yet, no click yet) holds it back. */
  protected abstract resumeAudio(): void;

  /** Starts playing; runs synchronously inside the "Enable audio" click, which is what lets it play. */
  protected abstract playFromClick(): void;

  /** Stops the sound at once (Stop was pressed); the reading is released when the host answers. */
  protected abstract silence(): void;

  /** Frees what the reading's audio holds (listeners, buffers, nodes, timers of its own). */
  protected abstract releaseAudio(): void;

  protected postProgress(): void {
    if (!this.controllable) {
      return;
    }
    this.output.post({ type: 'progress', readingId: this.id, ...this.position() });
    this.output.changed();
  }

  protected finish(): void {
    if (this.finished) {
      return;
    }
    this.finished = true;
    this.stopProgress();
    this.output.post({ type: 'ended', readingId: this.id });
    this.output.changed();
  }

  protected fail(message: string): void {
    if (this.finished || this.disposed) {
      return;
    }
    this.finished = true;
    this.failure = message;
    this.output.post({ type: 'error', readingId: this.id, message });
    this.teardown();
    this.output.changed();
  }

  protected startProgress(): void {
    if (this.progressTimer === undefined) {
      this.progressTimer = setInterval(() => this.onProgressTick(), PROGRESS_INTERVAL_MS);
    }
  }

  protected stopProgress(): void {
    if (this.progressTimer !== undefined) {
      clearInterval(this.progressTimer);
      this.progressTimer = undefined;
    }
  }

  private teardown(): void {
    this.stopProgress();
    this.releaseAudio();
  }
}
