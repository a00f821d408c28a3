// What the player needs of a reading, whichever way its audio plays: an MP3 stream on the <audio> element
// (Reading, for Edge) or PCM through Web Audio (PcmReading, for the system voice).
import type { ReadingStatus } from './readingLifecycle';

export interface PlayerReading {
  readonly id: number;
  readonly status: ReadingStatus;
  readonly paused: boolean;
  readonly controllable: boolean;
  readonly elapsedSeconds: number;
  appendChunk(seq: number, data: ArrayBuffer): void;
  endOfAudio(): void;
  setPaused(paused: boolean): void;
  setPlaybackRate(playbackRate: number): void;
  /** Plays on from `seconds` of the reading, within the audio it holds. */
  seek(seconds: number): void;
  /** Runs inside the "Enable audio" click. */
  unlock(): void;
  requestStop(): void;
  dispose(): void;
}
