// Every limit, timeout and retry rule of the speech path, in one place. Pure: no vscode, no sockets.

import type { SpeechError } from './speechError';

/** Connecting (DNS, TLS, upgrade, speech.config) normally takes well under a second. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** Edge's first audio normally comes within a second; 8 s of nothing is a hang, not a slow network. */
export const DEFAULT_IDLE_TIMEOUT_MS = 8_000;
/** If the service never answers our close frame, `ws` would wait 30 s; the TCP socket goes sooner. */
export const CLOSE_HANDSHAKE_GRACE_MS = 1000;
/** How often one segment may be resumed once the reading is underway. */
export const DEFAULT_MAX_RETRIES = 3;
/** Wait before the first retry; doubles each time (250, 500, 1000 ms). */
export const DEFAULT_RETRY_DELAY_MS = 250;

/**
 * The one knob for how much text goes into a request: at most this many bytes of escaped UTF-8. The
 * service silently cuts a render at 10 minutes of audio; Edge's own clients and edge-tts stay at 4096.
 */
export const MAX_REQUEST_TEXT_BYTES = 4096;

/** MP3 at 48 kbit/s, constant bit rate: bytes and seconds convert exactly. */
export const EDGE_AUDIO_BYTES_PER_SECOND = 6000;

/**
 * The largest WebSocket message accepted (`ws` would take 100 MiB). The service's audio messages are a
 * few KiB and its metadata smaller; a bigger one closes the connection (1009) before it is buffered.
 */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/**
 * Backpressure: while the consumer waits for playback, received audio queues in memory. Above the high
 * mark the socket is paused (TCP then holds the service back); below the low mark it is resumed.
 * 256 KiB is about 44 s of audio.
 */
export const INBOX_HIGH_WATER_BYTES = 256 * 1024;
export const INBOX_LOW_WATER_BYTES = 64 * 1024;

/**
 * Audio per request, relative to its text. Neural voices speak about 15 characters a second; numbers,
 * symbols and URLs read out letter by letter say more per character, and speed 0.5 halves the pace. One
 * second per character (at least 60 s) is therefore about 15 times what a request needs, and 15 minutes
 * bounds any request (the service itself cuts renders at 10 minutes). Beyond it the service is not
 * speaking our text: the reading (or export) stops rather than fill memory or the disk.
 */
export const AUDIO_SECONDS_PER_CHARACTER = 1;
export const MIN_AUDIO_SECONDS_PER_REQUEST = 60;
export const MAX_AUDIO_SECONDS_PER_REQUEST = 15 * 60;

export interface RequestLimits {
  /** Audio bytes one request may bring. */
  readonly maxAudioBytes: number;
  /**
   * Time spent waiting for this request's messages (not counting time the socket was paused for
   * backpressure): a trickle that keeps the idle timeout at bay still ends.
   */
  readonly maxWaitMs: number;
}

/** The limits of one request for `textLength` characters of (unescaped) text. */
export function requestLimits(textLength: number): RequestLimits {
  const seconds = Math.min(
    MAX_AUDIO_SECONDS_PER_REQUEST,
    Math.max(MIN_AUDIO_SECONDS_PER_REQUEST, Math.ceil(Math.max(0, textLength) * AUDIO_SECONDS_PER_CHARACTER)),
  );
  // The service renders many times faster than real time; receiving in real time is already very slow.
  return { maxAudioBytes: seconds * EDGE_AUDIO_BYTES_PER_SECOND, maxWaitMs: seconds * 1000 };
}

export interface RetryContext {
  /** Audio of this reading has already been received (the user is listening). */
  readonly underway: boolean;
  /** Failures of this segment so far (0 for the first). */
  readonly failures: number;
  readonly maxRetries: number;
  readonly retryDelayMs: number;
}

export type RetryDecision = { readonly retry: false } | { readonly retry: true; readonly delayMs: number };

/**
 * Whether a failed request is tried again, and after how long. Each try is a fresh connection with a
 * fresh token (one MsEdgeTTS per request), resumed from the last word heard.
 *
 * - Drops (1006), server errors (1011, HTTP 5xx), hangs, empty answers and 403s are usually transient
 *   (403 waves pass): retried with a growing pause, up to `maxRetries` once the reading is underway.
 * - Before the first sound the user is waiting on us: one quiet retry, then say what is wrong.
 * - A dead network, a connect timeout: reported at once before the first sound (with a Retry button),
 *   retried like a drop once the reading is underway.
 * - What the service rejected (voice, SSML) or sent beyond the limits is not retried.
 */
export function retryDecision(error: SpeechError, context: RetryContext): RetryDecision {
  const transient =
    error.kind === 'interrupted' ||
    error.kind === 'unavailable' ||
    error.kind === 'noAudio' ||
    error.kind === 'stalled' ||
    error.kind === 'forbidden' ||
    (context.underway && (error.kind === 'timeout' || error.kind === 'network'));
  const allowed = context.underway ? context.maxRetries : Math.min(1, context.maxRetries);
  if (!transient || context.failures >= allowed) {
    return { retry: false };
  }
  return { retry: true, delayMs: context.retryDelayMs * 2 ** context.failures };
}
