// The one interface a reading's speech comes through, whichever engine speaks. SpeechSession and the plan builder
// use only this: the engine turns segments into SpeechEvents (audio, word/sentence positions, retries) and
// stops when the reading's AbortSignal fires. Pure: no vscode import.

import type { SpeechEvent, SpeechSegment } from '../speech/synthesizeSpeech';

/** Which engine speaks: Edge's online voices, or the operating system's own speech engine. */
export type EngineId = 'edge' | 'system';

/** What the `audio` events of an engine carry. */
export type AudioFormat =
  /** One continuous MP3 stream in 4096-byte chunks, appended to the player's MediaSource. */
  | { readonly encoding: 'mp3'; readonly bytesPerSecond: number }
  /** Raw 16-bit little-endian mono PCM at `sampleRate`, played by the player through Web Audio. */
  | { readonly encoding: 'pcm-s16le'; readonly sampleRate: number; readonly bytesPerSecond: number };

/**
 * The engine is speaking the sentence `segment.text.slice(textStart, textEnd)` from `startSeconds` into the
 * reading. Sent by engines that cannot say which word they are on, so the highlight follows the sentence.
 */
export interface SentenceEvent {
  readonly kind: 'sentence';
  readonly segmentIndex: number;
  readonly textStart: number;
  readonly textEnd: number;
  readonly startSeconds: number;
}

export type EngineEvent = SpeechEvent | SentenceEvent;

export interface SpeechEngine {
  readonly id: EngineId;
  readonly audio: AudioFormat;
  /**
   * Speaks `segments` back to back. Pulled by its consumer, so it runs only as far ahead as it is read;
   * returns (or throws nothing more) once `signal` is aborted, leaving no socket or process behind.
   */
  speak(segments: Iterable<SpeechSegment>, signal: AbortSignal): AsyncIterable<EngineEvent>;
}

export function pcmFormat(sampleRate: number): AudioFormat {
  return { encoding: 'pcm-s16le', sampleRate, bytesPerSecond: sampleRate * 2 };
}
