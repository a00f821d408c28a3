import { AudioChunker } from './audioChunker';
import { correctClockSkew } from './clockSkew';
import { requestSpeech, type VoiceOptions } from './edgeRequest';
import { isSpeechError, SpeechError } from './speechError';
import { locateWord } from './locateWord';
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_RETRIES,
  DEFAULT_RETRY_DELAY_MS,
  EDGE_AUDIO_BYTES_PER_SECOND,
  retryDecision,
  type RequestLimits,
} from './speechPolicy';
import { escapeXml } from '../text/ssml';

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
  /** How often one segment may be resumed after a drop, hang or empty answer. */
  readonly maxRetries?: number;
  /** Wait before the first retry; doubles each time. */
  readonly retryDelayMs?: number;
  /** Limits of a request for so many characters; default speechPolicy.requestLimits (tests pass smaller). */
  readonly limits?: (textLength: number) => RequestLimits;
  /**
   * When the service does not offer the voice: the voice to use instead (the language's default), or
   * undefined. Asked at most once per reading.
   */
  readonly voiceFallback?: (rejectedVoice: string) => Promise<string | undefined>;
  /** Diagnostics without the user's text (dropped messages). */
  readonly log?: (line: string) => void;
}

export type SpeechEvent =
  /** The next piece of the reading's MP3 stream: 4096 bytes, except the very last piece. */
  | { readonly kind: 'audio'; readonly chunk: Uint8Array }
  /** Segment `index` begins; its audio starts at `startSeconds` into the reading. */
  | { readonly kind: 'segment'; readonly index: number; readonly startSeconds: number }
  /** The service is speaking `segment.text.slice(textStart, textEnd)` at `startSeconds` into the reading. */
  | {
      readonly kind: 'word';
      readonly segmentIndex: number;
      readonly text: string;
      readonly textStart: number;
      readonly textEnd: number;
      readonly startSeconds: number;
      readonly durationSeconds: number;
    }
  /** The service does not offer `from`; the reading goes on with `to`, its language's default voice. */
  | { readonly kind: 'voiceFallback'; readonly from: string; readonly to: string }
  /** A request failed and is being resumed from `textStart` of its segment. */
  | {
      readonly kind: 'retry';
      readonly segmentIndex: number;
      readonly attempt: number;
      readonly textStart: number;
      readonly error: SpeechError;
    };

export { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS };

/**
 * Speaks the segments back to back as one continuous MP3 stream, cut into 4096-byte chunks.
 *
 * Segments are synthesized one after another, each on its own connection (as Edge's own clients do,
 * which keeps every render under the service's limits). MP3 frames concatenate cleanly, so the player
 * appends the whole reading to one SourceBuffer with no gap between segments. The generator is pulled by
 * its consumer: the next segment is only requested once the consumer asks for more, which is how a
 * reading stays a bounded distance ahead of playback.
 *
 * When a request fails in a way that is usually transient (speechPolicy.retryDecision), the segment is
 * requested again from the last word the service said it was speaking (so nothing is skipped and little
 * is repeated), with a growing pause between attempts. A 403 first checks the clock. A voice the service
 * does not offer is replaced once by its language's default voice, if `voiceFallback` finds one. However
 * the reading ends (abort excepted), every byte received is yielded before the end or the error.
 */
export async function* synthesizeSpeech(segments: Iterable<SpeechSegment>, options: SynthesisOptions): AsyncGenerator<SpeechEvent, void> {
  const chunker = new AudioChunker();
  try {
    yield* synthesizeInto(chunker, segments, options);
  } catch (error) {
    if (!options.signal.aborted) {
      const rest = chunker.flush();
      if (rest) {
        yield { kind: 'audio', chunk: rest };
      }
    }
    throw error;
  }
  if (options.signal.aborted) {
    return;
  }
  const rest = chunker.flush();
  if (rest) {
    yield { kind: 'audio', chunk: rest };
  }
}

async function* synthesizeInto(
  chunker: AudioChunker,
  segments: Iterable<SpeechSegment>,
  options: SynthesisOptions,
): AsyncGenerator<SpeechEvent> {
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  let voice = options.voice;
  let voiceReplaced = false;
  let totalBytes = 0;
  let index = 0;
  for (const segment of segments) {
    if (options.signal.aborted) {
      return;
    }
    yield { kind: 'segment', index, startSeconds: totalBytes / EDGE_AUDIO_BYTES_PER_SECOND };
    let attemptStart = 0; // offset in segment.text where the current attempt's text begins
    let failures = 0;
    let skewCorrected = false;
    while (true) {
      const attemptText = segment.text.slice(attemptStart);
      const audioStartSeconds = totalBytes / EDGE_AUDIO_BYTES_PER_SECOND;
      let wordCursor = 0; // where in attemptText the next reported word is searched from
      let lastWordStart: number | undefined;
      let attemptBytes = 0;
      try {
        const request = requestSpeech({
          ...voice,
          escapedText: escapeXml(attemptText),
          textLength: attemptText.length,
          signal: options.signal,
          connectTimeoutMs: options.connectTimeoutMs,
          idleTimeoutMs: options.idleTimeoutMs,
          wordBoundaries: options.wordBoundaries,
          limits: options.limits?.(attemptText.length),
          log: options.log,
        });
        for await (const event of request) {
          if (event.kind === 'word') {
            const at = locateWord(attemptText, event.word.text, wordCursor);
            if (at < 0) {
              continue; // the service normalised it (e.g. a number read out): no place to show
            }
            wordCursor = at + event.word.text.length;
            lastWordStart = at;
            yield {
              kind: 'word',
              segmentIndex: index,
              text: event.word.text,
              textStart: attemptStart + at,
              textEnd: attemptStart + wordCursor,
              startSeconds: audioStartSeconds + event.word.offsetSeconds,
              durationSeconds: event.word.durationSeconds,
            };
            continue;
          }
          attemptBytes += event.bytes.length;
          totalBytes += event.bytes.length;
          for (const chunk of chunker.push(event.bytes)) {
            yield { kind: 'audio', chunk };
          }
        }
        break;
      } catch (error) {
        if (options.signal.aborted || !isSpeechError(error)) {
          throw error;
        }
        if (error.rejectedVoice !== undefined && !voiceReplaced && options.voiceFallback) {
          voiceReplaced = true; // once per reading: a fallback that is refused too is reported
          const replacement = await options.voiceFallback(error.rejectedVoice);
          if (options.signal.aborted) {
            return;
          }
          if (replacement && replacement !== voice.voice) {
            yield { kind: 'voiceFallback', from: voice.voice, to: replacement };
            voice = { ...voice, voice: replacement };
            continue;
          }
        }
        if (error.kind === 'forbidden' && !skewCorrected) {
          skewCorrected = true;
          if (await correctClockSkew()) {
            continue;
          }
        }
        const decision = retryDecision(error, { underway: totalBytes > 0, failures, maxRetries, retryDelayMs });
        if (!decision.retry) {
          throw error;
        }
        failures++;
        // Resume at the last word the service reported: it may be cut off mid-word, so say it again.
        const resumeAt = attemptBytes > 0 && lastWordStart !== undefined ? attemptStart + lastWordStart : attemptStart;
        attemptStart = resumeAt;
        yield { kind: 'retry', segmentIndex: index, attempt: failures, textStart: resumeAt, error };
        if (!(await pause(decision.delayMs, options.signal))) {
          return;
        }
        if (segment.text.slice(attemptStart).trim().length === 0) {
          break;
        }
      }
    }
    index++;
  }
}

/** Waits `ms`; false if aborted meanwhile. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve(false);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
