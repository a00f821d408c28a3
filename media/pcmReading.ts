// One system-voice reading in the player: 16-bit PCM chunks turned into AudioBuffers and scheduled back to
// back, sample-exact, on the webview's one AudioContext. Tells the host the same things a Reading does
// (playing, progress, paused, ended, needsUserGesture) through the same life (readingLifecycle.ts), so the
// host cannot tell the two apart.
import { errorText } from './audioStream';
import type { PlayerReading } from './playerReading';
import { ReadingLifecycle, type ReadingOutput } from './readingLifecycle';
import { fill, strings } from './playerText';

/** The first buffer, and the first after running dry, starts this far ahead of the clock: never late. */
const START_LEAD_SECONDS = 0.02;
/** A context that has not started this long after resume() is refused (no click yet): ask for one. */
const RESUME_GRACE_MS = 300;
/** Played buffers are forgotten once this far behind the clock. */
const KEEP_BEHIND_SECONDS = 2;

interface ScheduledBuffer {
  readonly node: AudioBufferSourceNode;
  /** Context time at which it starts. */
  readonly at: number;
  /** Reading time at which it starts. */
  readonly readingStart: number;
  readonly duration: number;
}

/** How often the audio ran dry before the next chunk came (for the benchmark). */
export interface PcmPlaybackStats {
  readonly stalls: number;
  readonly longestGapSeconds: number;
}

export class PcmReading extends ReadingLifecycle implements PlayerReading {
  private readonly gain: GainNode;
  private scheduled: ScheduledBuffer[] = [];
  /** Reading time at the end of the buffers already forgotten. */
  private forgottenUntil = 0;
  /** Context time at which the scheduled audio ends, and the reading time there. */
  private scheduledUntil = 0;
  private readingSeconds = 0;
  private nextSeq = 0;
  private endRequested = false;
  private resumeTimer: ReturnType<typeof setTimeout> | undefined;
  private playingTimer: ReturnType<typeof setTimeout> | undefined;
  private stalls = 0;
  private longestGap = 0;

  constructor(
    id: number,
    private readonly sampleRate: number,
    private readonly context: AudioContext,
    output: ReadingOutput,
  ) {
    super(id, output);
    this.gain = context.createGain();
    this.gain.connect(context.destination);
    this.ensureRunning();
  }

  /** Where playback is, in seconds of the reading's audio. */
  get elapsedSeconds(): number {
    if (this.disposed || this.failure !== undefined) {
      return 0;
    }
    const now = this.context.currentTime;
    let position = this.forgottenUntil;
    for (const buffer of this.scheduled) {
      if (now < buffer.at) {
        break;
      }
      position = buffer.readingStart + Math.min(buffer.duration, now - buffer.at);
    }
    return position;
  }

  get stats(): PcmPlaybackStats {
    return { stalls: this.stalls, longestGapSeconds: this.longestGap };
  }

  appendChunk(seq: number, data: ArrayBuffer): void {
    if (!this.controllable || this.failure !== undefined) {
      return;
    }
    if (seq !== this.nextSeq) {
      this.fail(fill(strings.chunkOutOfOrder, seq, this.nextSeq));
      return;
    }
    if (this.endRequested || data.byteLength % 2 !== 0) {
      this.fail(this.endRequested ? fill(strings.chunkAfterEnd, seq) : fill(strings.chunkNotWholeSamples, seq));
      return;
    }
    this.nextSeq++;
    try {
      this.schedule(toAudioBuffer(this.context, new Int16Array(data), this.sampleRate));
    } catch (error) {
      this.fail(fill(strings.audioNotPlayable, errorText(error)));
    }
  }

  endOfAudio(): void {
    this.endRequested = true;
    this.checkEnded();
  }

  /** The system voice already speaks at the user's speed (and Web Audio cannot keep the pitch when sped up). */
  setPlaybackRate(): void {
    // Nothing to do: the host restarts the sentence at the new speed.
  }

  private schedule(buffer: AudioBuffer): void {
    const now = this.context.currentTime;
    let at = this.scheduledUntil;
    if (at < now + (this.scheduled.length === 0 ? START_LEAD_SECONDS : 0)) {
      // Ran dry (or the first buffer): start just ahead of the clock. A gap after the first is a stall.
      const lead = now + START_LEAD_SECONDS;
      if (this.nextSeq > 1) {
        this.stalls++;
        this.longestGap = Math.max(this.longestGap, lead - this.scheduledUntil);
      }
      at = lead;
    }
    const node = this.context.createBufferSource();
    node.buffer = buffer;
    node.connect(this.gain);
    node.onended = () => this.checkEnded();
    node.start(at);
    this.scheduled.push({ node, at, readingStart: this.readingSeconds, duration: buffer.duration });
    this.scheduledUntil = at + buffer.duration;
    this.readingSeconds += buffer.duration;
    this.onRunning();
  }

  /** Starts the context if it is not running; if it will not start (no click yet), asks for one. */
  private ensureRunning(): void {
    if (this.context.state === 'running') {
      this.onRunning();
      return;
    }
    void this.context.resume().then(
      () => this.onRunning(),
      () => undefined,
    );
    clearTimeout(this.resumeTimer);
    this.resumeTimer = setTimeout(() => {
      if (this.context.state !== 'running' && this.controllable && !this.wantsPaused && !this.blocked) {
        this.blocked = true;
        this.output.post({ type: 'needsUserGesture', readingId: this.id });
        this.output.changed();
      }
    }, RESUME_GRACE_MS);
  }

  private onRunning(): void {
    if (!this.controllable || this.wantsPaused || this.context.state !== 'running' || this.scheduled.length === 0) {
      return;
    }
    this.blocked = false;
    if (!this.hasPlayed) {
      this.hasPlayed = true;
      // Said when the first buffer is due to sound, as the <audio> element's `playing` is: not when it was queued.
      const dueInMs = Math.max(0, ((this.scheduled[0] as ScheduledBuffer).at - this.context.currentTime) * 1000);
      this.playingTimer = setTimeout(() => {
        if (this.controllable) {
          this.output.post({ type: 'playing', readingId: this.id });
          this.output.changed();
        }
      }, dueInMs);
    }
    this.startProgress();
  }

  protected override get buffering(): boolean {
    return !this.hasPlayed || this.isDry();
  }

  protected override onProgressTick(): void {
    const now = this.context.currentTime;
    while (this.scheduled.length > 1) {
      const first = this.scheduled[0] as ScheduledBuffer;
      if (first.at + first.duration > now - KEEP_BEHIND_SECONDS) {
        break;
      }
      this.scheduled.shift();
      this.forgottenUntil = first.readingStart + first.duration;
    }
    this.postProgress();
    this.checkEnded();
  }

  private isDry(): boolean {
    return this.scheduled.length > 0 && this.context.currentTime >= this.scheduledUntil && !this.endRequested;
  }

  private checkEnded(): void {
    if (!this.endRequested || !this.controllable || this.failure !== undefined) {
      return;
    }
    if (this.nextSeq === 0 || this.context.currentTime >= this.scheduledUntil) {
      this.postProgress();
      this.finish();
    }
  }

  /** The host never seeks a system-voice reading (Reader restarts it at the sentence instead): Web Audio
   * buffers already scheduled cannot be moved, so there is nothing to do here. */
  seek(): void {
    // intentionally empty: see above
  }

  protected override position() {
    // Nothing is held behind the playhead (bufferedStart = now): a jump back is a new reading.
    return { currentTime: this.elapsedSeconds, bufferedStart: this.elapsedSeconds, bufferedTime: this.readingSeconds };
  }

  protected override pauseAudio(): void {
    this.stopProgress();
    void this.context.suspend().catch(() => undefined);
  }

  protected override resumeAudio(): void {
    this.ensureRunning();
  }

  /** Inside the "Enable audio" click: resuming here is what Chromium and VS Code let play. */
  protected override playFromClick(): void {
    void this.context.resume().then(
      () => this.onRunning(),
      (error: unknown) => this.fail(fill(strings.playbackFailed, errorText(error))),
    );
  }

  protected override silence(): void {
    this.gain.gain.value = 0; // silent at once; the host answers with `stop`
    this.stopProgress();
  }

  protected override releaseAudio(): void {
    clearTimeout(this.resumeTimer);
    clearTimeout(this.playingTimer);
    for (const { node } of this.scheduled) {
      node.onended = null;
      try {
        node.stop();
      } catch {
        // Never started: nothing to stop.
      }
      node.disconnect();
    }
    this.scheduled = [];
    this.gain.disconnect();
  }
}

function toAudioBuffer(context: AudioContext, samples: Int16Array, sampleRate: number): AudioBuffer {
  const buffer = context.createBuffer(1, Math.max(1, samples.length), sampleRate);
  const channel = buffer.getChannelData(0);
  for (let i = 0; i < samples.length; i++) {
    channel[i] = (samples[i] as number) / 32768;
  }
  return buffer;
}
