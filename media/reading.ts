// One Edge reading in the player: MP3 appended to a MediaSource on the shared <audio> element. Its life —
// status, pause, stop, failure, teardown — is the one every reading has (readingLifecycle.ts).
import { AudioStream, errorText } from './audioStream';
import type { PlayerReading } from './playerReading';
import { ReadingLifecycle, type ReadingOutput } from './readingLifecycle';
import { fill, strings } from './playerText';

export class Reading extends ReadingLifecycle implements PlayerReading {
  private readonly stream: AudioStream;
  /** Every listener this reading puts on the shared element; aborted when the reading goes. */
  private readonly listeners = new AbortController();
  private stalled = false;

  constructor(
    id: number,
    playbackRate: number,
    private readonly audio: HTMLAudioElement,
    output: ReadingOutput,
  ) {
    super(id, output);
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

  protected override get buffering(): boolean {
    return !this.hasPlayed || this.stalled;
  }

  protected override pauseAudio(): void {
    this.audio.pause();
  }

  protected override resumeAudio(): void {
    this.tryPlay();
  }

  /**
   * Inside the "Enable audio" click: a `play()` under a user gesture unlocks this element for the webview's
   * life (microsoft/vscode#237030).
   */
  protected override playFromClick(): void {
    // A reading that never got to play starts from its first word, however much is buffered by now.
    if (!this.hasPlayed && this.audio.currentTime !== 0) {
      this.audio.currentTime = 0;
    }
    this.audio.play().catch((error: unknown) => this.onPlayRejected(error));
  }

  protected override silence(): void {
    this.audio.pause();
  }

  protected override releaseAudio(): void {
    this.listeners.abort();
    this.stream.dispose();
  }

  protected override onProgressTick(): void {
    // The playhead moving on is what releases held chunks and lets played audio be trimmed.
    this.stream.pump();
    this.postProgress();
  }

  protected override position() {
    return {
      currentTime: this.audio.currentTime,
      bufferedTime: this.stream.bufferedEnd,
      bufferedStart: Math.min(this.stream.bufferedStart, this.stream.bufferedEnd),
    };
  }
}
