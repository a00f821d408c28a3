import { AudioChunker } from './audioChunker';
import { EDGE_AUDIO_BYTES_PER_SECOND, requestSpeech, type VoiceOptions } from './edgeRequest';
import { escapeXml } from '../text/escapeXml';

/** One request's worth of text (at most 4096 bytes once escaped), plain and unescaped. */
export interface SpeechSegment {
  readonly text: string;
}

export interface SynthesisOptions {
  readonly voice: VoiceOptions;
  readonly signal: AbortSignal;
  readonly connectTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly wordBoundaries: boolean;
}

export type SpeechEvent =
  /** The next piece of the reading's MP3 stream: 4096 bytes, except the very last piece. */
  | { readonly kind: 'audio'; readonly chunk: Uint8Array }
  /** Segment `index` begins; its audio starts at `startSeconds` into the reading. */
  | { readonly kind: 'segment'; readonly index: number; readonly startSeconds: number }
  /** The service is speaking `text` of segment `segmentIndex` at `startSeconds` into the reading. */
  | {
      readonly kind: 'word';
      readonly segmentIndex: number;
      readonly text: string;
      readonly startSeconds: number;
      readonly durationSeconds: number;
    };

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 15_000;

/**
 * Speaks the segments back to back as one continuous MP3 stream, cut into 4096-byte chunks.
 *
 * Segments are synthesized one after another, each on its own connection (as Edge's own clients do,
 * which keeps every render under the service's limits). MP3 frames concatenate cleanly, so the player
 * appends the whole reading to one SourceBuffer with no gap between segments. The generator is pulled
 * by its consumer: the next segment is only requested once the consumer asks for more, which is how a
 * reading stays a bounded distance ahead of playback.
 */
export async function* synthesizeSpeech(
  segments: Iterable<SpeechSegment>,
  options: SynthesisOptions,
): AsyncGenerator<SpeechEvent> {
  const chunker = new AudioChunker();
  let totalBytes = 0;
  let index = 0;
  for (const segment of segments) {
    if (options.signal.aborted) {
      return;
    }
    const startSeconds = totalBytes / EDGE_AUDIO_BYTES_PER_SECOND;
    yield { kind: 'segment', index, startSeconds };
    const request = requestSpeech({
      ...options.voice,
      escapedText: escapeXml(segment.text),
      signal: options.signal,
      connectTimeoutMs: options.connectTimeoutMs,
      idleTimeoutMs: options.idleTimeoutMs,
      wordBoundaries: options.wordBoundaries,
    });
    for await (const event of request) {
      if (event.kind === 'word') {
        yield {
          kind: 'word',
          segmentIndex: index,
          text: event.word.text,
          startSeconds: startSeconds + event.word.offsetSeconds,
          durationSeconds: event.word.durationSeconds,
        };
        continue;
      }
      totalBytes += event.bytes.length;
      for (const chunk of chunker.push(event.bytes)) {
        yield { kind: 'audio', chunk };
      }
    }
    index++;
  }
  if (options.signal.aborted) {
    return;
  }
  const rest = chunker.flush();
  if (rest) {
    yield { kind: 'audio', chunk: rest };
  }
}
