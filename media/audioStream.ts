// One reading's audio: a MediaSource on the shared <audio> element, fed MP3 chunks through an append queue.
import { AUDIO_MIME_TYPE } from '../src/shared/protocol';
import { fill, strings } from './playerText';

/** How much audio the SourceBuffer may hold around the playhead (docs/player.md, "Long readings"). */
export interface BufferLimits {
  /** Chunks wait in the queue while this many seconds are already buffered ahead of the playhead. */
  readonly maxAheadSeconds: number;
  /** Played audio older than this is removed, so an hour-long reading never reaches the quota. */
  readonly keepBehindSeconds: number;
}

/**
 * 120 s ahead (docs/player.md: the quota is ~20 min) and 3 minutes behind, so Previous Sentence and a click
 * on an earlier sentence seek instead of synthesizing again: at most 300 s, 1.8 MB of MP3.
 */
export const DEFAULT_BUFFER_LIMITS: BufferLimits = { maxAheadSeconds: 120, keepBehindSeconds: 180 };

/** Played audio is removed in batches of at least this much, not in a tiny `remove()` on every tick. */
const TRIM_BATCH_SECONDS = 5;
/** After a QuotaExceededError the look-ahead shrinks, but never below this. */
const MIN_AHEAD_SECONDS = 5;

export interface AudioStreamEvents {
  /** The first chunk is in the SourceBuffer: playback can start. */
  onFirstAppend(): void;
  /** The stream cannot go on (bad sequence, undecodable data, …); it has stopped appending. */
  onError(message: string): void;
}

export class AudioStream {
  private readonly mediaSource = new MediaSource();
  private readonly url = URL.createObjectURL(this.mediaSource);
  private readonly listeners = new AbortController();
  private readonly queue: ArrayBuffer[] = [];
  private sourceBuffer: SourceBuffer | undefined;
  private nextSeq = 0;
  private appendedChunks = 0;
  private firstAppendReported = false;
  private endRequested = false;
  private endOfStreamCalled = false;
  private maxAheadSeconds: number;
  private failed = false;
  private disposed = false;

  constructor(
    private readonly audio: HTMLAudioElement,
    private readonly events: AudioStreamEvents,
    private readonly limits: BufferLimits = DEFAULT_BUFFER_LIMITS,
  ) {
    this.maxAheadSeconds = limits.maxAheadSeconds;
    this.mediaSource.addEventListener('sourceopen', () => this.onSourceOpen(), { once: true, signal: this.listeners.signal });
    // A new MediaSource on the same element: the element keeps its autoplay unlock (microsoft/vscode#237030).
    audio.src = this.url;
  }

  /** Chunks received so far (appended or still queued). */
  get receivedChunks(): number {
    return this.nextSeq;
  }

  /** True once audio is in the SourceBuffer, i.e. `play()` has something to play. */
  get hasAudio(): boolean {
    return this.firstAppendReported;
  }

  /** End of the buffered audio in seconds from the start of the reading; 0 before the first chunk. */
  get bufferedEnd(): number {
    const ranges = this.bufferedRanges();
    return ranges !== undefined && ranges.length > 0 ? ranges.end(ranges.length - 1) : 0;
  }

  /** Start of the audio still held (played audio older than `keepBehindSeconds` is removed); 0 before the first chunk. */
  get bufferedStart(): number {
    const ranges = this.bufferedRanges();
    return ranges !== undefined && ranges.length > 0 ? ranges.start(0) : 0;
  }

  /** `seconds`, moved into the buffered audio if it lies outside it (a seek there would wait forever). */
  clampToBuffered(seconds: number): number {
    const ranges = this.bufferedRanges();
    if (ranges === undefined || ranges.length === 0) {
      return 0;
    }
    return Math.min(Math.max(seconds, ranges.start(0)), ranges.end(ranges.length - 1));
  }

  append(seq: number, data: ArrayBuffer): void {
    if (this.failed || this.disposed) {
      return;
    }
    if (seq !== this.nextSeq) {
      this.fail(
        seq < this.nextSeq
          ? fill(strings.chunkRepeated, seq, this.nextSeq)
          : seq - 1 === this.nextSeq
            ? fill(strings.chunkMissing, this.nextSeq, seq)
            : fill(strings.chunksMissing, this.nextSeq, seq - 1, seq),
      );
      return;
    }
    if (this.endRequested) {
      this.fail(fill(strings.chunkAfterEnd, seq));
      return;
    }
    this.nextSeq++;
    this.queue.push(data);
    this.pump();
  }

  /** No more chunks will come: close the stream once the queue has drained (without it `ended` never fires). */
  end(): void {
    this.endRequested = true;
    this.pump();
  }

  /**
   * Does the next step, if the SourceBuffer is free: trim played audio, append the next chunk unless the
   * look-ahead is full, or close the stream. Runs on every `updateend`, and from the player's timer while
   * playing, because held chunks are released only by the playhead moving on.
   */
  pump(): void {
    const sourceBuffer = this.sourceBuffer;
    // After endOfStream() the source is 'ended'; a remove() would reopen it, and nothing is left to append.
    if (this.failed || this.disposed || sourceBuffer === undefined || sourceBuffer.updating || this.mediaSource.readyState !== 'open') {
      return;
    }
    const now = this.audio.currentTime;
    try {
      if (this.trimPlayed(sourceBuffer, now, this.limits.keepBehindSeconds, TRIM_BATCH_SECONDS)) {
        return;
      }
      const next = this.queue[0];
      if (next !== undefined) {
        if (this.bufferedEnd - now < this.maxAheadSeconds) {
          this.appendNext(sourceBuffer, next, now);
        }
        return;
      }
      if (this.endRequested && !this.endOfStreamCalled) {
        this.endOfStreamCalled = true;
        this.mediaSource.endOfStream();
      }
    } catch (error) {
      this.fail(fill(strings.streamFailed, errorText(error)));
    }
  }

  /** Tears the stream down as docs/player.md measured to leave no old audio: pause, abort, revoke, detach. */
  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    this.listeners.abort();
    this.queue.length = 0;
    this.audio.pause();
    if (this.sourceBuffer !== undefined && this.mediaSource.readyState === 'open') {
      try {
        this.sourceBuffer.abort();
      } catch {
        // Already detached: nothing left to abort.
      }
    }
    URL.revokeObjectURL(this.url);
    this.audio.removeAttribute('src');
    this.audio.load();
  }

  private onSourceOpen(): void {
    if (this.disposed) {
      return;
    }
    let sourceBuffer: SourceBuffer;
    try {
      sourceBuffer = this.mediaSource.addSourceBuffer(AUDIO_MIME_TYPE);
    } catch (error) {
      this.fail(fill(strings.typeNotPlayable, AUDIO_MIME_TYPE, errorText(error)));
      return;
    }
    this.sourceBuffer = sourceBuffer;
    const signal = this.listeners.signal;
    sourceBuffer.addEventListener('updateend', () => this.onUpdateEnd(), { signal });
    sourceBuffer.addEventListener('error', () => this.fail(strings.notDecodable), { signal });
    this.pump();
  }

  private onUpdateEnd(): void {
    if (!this.firstAppendReported && this.appendedChunks > 0) {
      this.firstAppendReported = true;
      this.events.onFirstAppend();
    }
    this.pump();
  }

  private appendNext(sourceBuffer: SourceBuffer, chunk: ArrayBuffer, now: number): void {
    try {
      sourceBuffer.appendBuffer(chunk);
    } catch (error) {
      if (!(error instanceof DOMException && error.name === 'QuotaExceededError')) {
        throw error;
      }
      // The browser's quota is tighter than our limit: keep the chunk queued, aim lower from now on, free
      // what was played (down to a second behind the playhead) and retry after that removal's updateend,
      // or from the timer once the playhead has moved on.
      this.maxAheadSeconds = Math.max(MIN_AHEAD_SECONDS, (this.bufferedEnd - now) * 0.75);
      this.trimPlayed(sourceBuffer, now, 1, 0);
      return;
    }
    this.queue.shift();
    this.appendedChunks++;
  }

  /** Starts removing audio played more than `keepBehind` seconds ago, if at least `minBatch` of it. */
  private trimPlayed(sourceBuffer: SourceBuffer, now: number, keepBehind: number, minBatch: number): boolean {
    const ranges = sourceBuffer.buffered;
    if (ranges.length === 0) {
      return false;
    }
    const start = ranges.start(0);
    const trimTo = now - keepBehind;
    if (trimTo <= start || trimTo - start < minBatch) {
      return false;
    }
    sourceBuffer.remove(start, trimTo);
    return true;
  }

  private bufferedRanges(): TimeRanges | undefined {
    if (this.sourceBuffer === undefined || this.disposed) {
      return undefined;
    }
    try {
      return this.sourceBuffer.buffered;
    } catch {
      return undefined; // The SourceBuffer was removed from its MediaSource.
    }
  }

  private fail(message: string): void {
    if (this.failed || this.disposed) {
      return;
    }
    this.failed = true;
    this.queue.length = 0;
    this.events.onError(message);
  }
}

export function errorText(error: unknown): string {
  if (error instanceof Error) {
    return error.message || error.name;
  }
  return String(error);
}
