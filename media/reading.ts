// One reading as the player sees it: its stream, its play/pause state, and what it tells the host.
import { FromPlayerMessage } from '../src/shared/protocol';
import { AudioStream, errorText } from './audioStream';
import { fill, strings } from './playerText';

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

export class Reading {
  private readonly stream: AudioStream;
  /** Every listener this reading puts on the shared element; aborted when the reading goes. */
  private readonly listeners = new AbortController();
  private progressTimer: ReturnType<typeof setInterval> | undefined;
  private wantsPaused = false;
  private hasPlayed = false;
  private stalled = false;
  private blocked = false;
  private stopRequested = false;
  /** Ended or failed: the reading posts nothing more. */
  private finished = false;
  private failure: string | undefined;
  private disposed = false;

  constructor(
    readonly id: number,
    playbackRate: number,
    private readonly audio: HTMLAudioElement,
    private readonly output: ReadingOutput,
  ) {
    this.stream = new AudioStream(audio, {
      onFirstAppend: () => this.tryPlay(),
      onError: (message) => this.fail(message),
    });
    this.setPlaybackRate(playbackRate);
    const signal = this.listeners.signal;
    audio.addEventListener('pause', () => this.stopProgress(), { signal });
    audio.addEventListener('playing', () => this.onPlaying(), { signal });
    audio.addEventListener('waiting', () => this.onWaiting(), { signal });
    audio.addEventListener('seeked', () => this.postProgress(), { signal });
    audio.addEventListener('ended', () => this.onEnded(), { signal });
    audio.addEventListener('error', () => this.onMediaError(), { signal });
  }

  get status(): ReadingStatus {
    return readingStatus({
      failure: this.failure,
      finished: this.finished,
      stopRequested: this.stopRequested,
      blocked: this.blocked,
      wantsPaused: this.wantsPaused,
      buffering: !this.hasPlayed || this.stalled,
    });
  }

  get paused(): boolean {
    return this.wantsPaused;
  }

  /** Whether Pause and Stop still mean something for this reading. */
  get controllable(): boolean {
    return !this.finished && !this.stopRequested && !this.disposed;
  }

  get elapsedSeconds(): number {
    return this.disposed || this.failure !== undefined ? 0 : this.audio.currentTime;
  }

  appendChunk(seq: number, data: ArrayBuffer): void {
    this.stream.append(seq, data);
  }

  endOfAudio(): void {
    if (this.stream.receivedChunks === 0) {
      // Nothing to play: an empty MediaSource would never fire `ended`.
      this.finish();
      return;
    }
    this.stream.end();
  }

  setPaused(paused: boolean): void {
    if (!this.controllable || paused === this.wantsPaused) {
      return;
    }
    this.wantsPaused = paused;
    this.output.post({ type: 'pausedChanged', readingId: this.id, paused });
    if (paused) {
      this.audio.pause();
      this.postProgress();
    } else {
      this.tryPlay();
    }
    this.output.changed();
  }

  setPlaybackRate(playbackRate: number): void {
    // Loading a new source resets playbackRate to defaultPlaybackRate, so set both.
    this.audio.defaultPlaybackRate = playbackRate;
    this.audio.playbackRate = playbackRate;
    this.audio.preservesPitch = true;
  }

  /** Plays on from `seconds` (paused stays paused); the `seeked` event reports the new position. */
  seek(seconds: number): void {
    if (!this.controllable || this.failure !== undefined || !this.stream.hasAudio) {
      return;
    }
    this.audio.currentTime = this.stream.clampToBuffered(seconds);
  }

  /**
   * The user clicked "Enable audio". Must run synchronously inside the click handler: a `play()` under a
   * user gesture unlocks this element for the webview's life (microsoft/vscode#237030).
   */
  unlock(): void {
    if (!this.controllable) {
      return;
    }
    if (this.wantsPaused) {
      this.wantsPaused = false;
      this.output.post({ type: 'pausedChanged', readingId: this.id, paused: false });
    }
    // A reading that never got to play starts from its first word, however much is buffered by now.
    if (!this.hasPlayed && this.audio.currentTime !== 0) {
      this.audio.currentTime = 0;
    }
    this.blocked = false;
    this.audio.play().catch((error: unknown) => this.onPlayRejected(error));
    this.output.changed();
  }

  /** The panel's Stop button: silence at once and ask the host, which answers with `stop`. */
  requestStop(): void {
    if (!this.controllable) {
      return;
    }
    this.stopRequested = true;
    this.audio.pause();
    this.output.post({ type: 'stopRequested', readingId: this.id });
    this.output.changed();
  }

  /** Silences the reading and frees its stream; nothing more is posted for it. */
  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.teardown();
    this.disposed = true;
  }

  private tryPlay(): void {
    if (!this.controllable || this.wantsPaused || !this.stream.hasAudio) {
      return;
    }
    this.audio.play().catch((error: unknown) => this.onPlayRejected(error));
  }

  private onPlayRejected(error: unknown): void {
    if (this.disposed || this.finished) {
      return;
    }
    const name = error instanceof DOMException ? error.name : '';
    if (name === 'NotAllowedError') {
      // VS Code webviews refuse play() until the user clicks inside them (microsoft/vscode#237030).
      // Keep buffering; the "Enable audio" button's click plays this same element.
      if (!this.blocked) {
        this.blocked = true;
        this.output.post({ type: 'needsUserGesture', readingId: this.id });
        this.output.changed();
      }
    } else if (name !== 'AbortError') {
      // AbortError only means a pause() or a new source interrupted this play(): not a failure.
      this.fail(fill(strings.playbackFailed, errorText(error)));
    }
  }

  private onPlaying(): void {
    // Guards against an event queued by an earlier source on the shared element.
    if (this.audio.paused || !this.controllable) {
      return;
    }
    this.hasPlayed = true;
    this.blocked = false;
    this.stalled = false;
    this.output.post({ type: 'playing', readingId: this.id });
    this.startProgress();
    this.output.changed();
  }

  private onWaiting(): void {
    if (!this.audio.paused && this.controllable) {
      this.stalled = true;
      this.output.changed();
    }
  }

  private onEnded(): void {
    if (!this.audio.ended || !this.controllable) {
      return;
    }
    this.postProgress();
    this.finish();
  }

  private onMediaError(): void {
    const error = this.audio.error;
    if (error !== null) {
      this.fail(error.message ? fill(strings.mediaErrorWithDetail, error.code, error.message) : fill(strings.mediaError, error.code));
    }
  }

  private finish(): void {
    if (this.finished) {
      return;
    }
    this.finished = true;
    this.stopProgress();
    this.output.post({ type: 'ended', readingId: this.id });
    this.output.changed();
  }

  private fail(message: string): void {
    if (this.finished || this.disposed) {
      return;
    }
    this.finished = true;
    this.failure = message;
    this.output.post({ type: 'error', readingId: this.id, message });
    this.teardown();
    this.output.changed();
  }

  private teardown(): void {
    this.stopProgress();
    this.listeners.abort();
    this.stream.dispose();
  }

  private startProgress(): void {
    if (this.progressTimer === undefined && !this.audio.paused) {
      this.progressTimer = setInterval(() => this.onProgressTick(), PROGRESS_INTERVAL_MS);
    }
  }

  private stopProgress(): void {
    if (this.progressTimer !== undefined) {
      clearInterval(this.progressTimer);
      this.progressTimer = undefined;
    }
  }

  private onProgressTick(): void {
    // The playhead moving on is what releases held chunks and lets played audio be trimmed.
    this.stream.pump();
    this.postProgress();
  }

  private postProgress(): void {
    if (!this.controllable) {
      return;
    }
    this.output.post({
      type: 'progress',
      readingId: this.id,
      currentTime: this.audio.currentTime,
      bufferedTime: this.stream.bufferedEnd,
      bufferedStart: Math.min(this.stream.bufferedStart, this.stream.bufferedEnd),
    });
    this.output.changed();
  }
}
