import { MsEdgeTTS, OUTPUT_FORMAT } from 'msedge-tts';
import { DroppedFrames, inspectFrame } from './edgeFrames';
import { guardEdgeSocket, type EdgeSocket } from './edgeSocketGuard';
import {
  closedError,
  connectError,
  connectTimeoutError,
  idleTimeoutError,
  isSpeechError,
  noAudioError,
  overLimitError,
  oversizedMessageError,
  type SpeechError,
} from './speechError';
import {
  CLOSE_HANDSHAKE_GRACE_MS,
  EDGE_AUDIO_BYTES_PER_SECOND,
  INBOX_HIGH_WATER_BYTES,
  INBOX_LOW_WATER_BYTES,
  MAX_MESSAGE_BYTES,
  requestLimits,
  type RequestLimits,
} from './speechPolicy';

export { EDGE_AUDIO_BYTES_PER_SECOND };

/** Voice and prosody exactly as they go into the SSML attributes; validated by the settings module. */
export interface VoiceOptions {
  readonly voice: string;
  readonly rate: string;
  readonly pitch: string;
  readonly volume: string;
}

export interface EdgeRequestOptions extends VoiceOptions {
  /** The text of one request, already XML-escaped (msedge-tts inserts it into the SSML verbatim). */
  readonly escapedText: string;
  /** Characters of the plain text behind `escapedText`: what the audio limits are relative to. */
  readonly textLength?: number;
  readonly signal: AbortSignal;
  readonly connectTimeoutMs: number;
  /** Longest silence allowed between two frames of audio (and before the first one). */
  readonly idleTimeoutMs: number;
  readonly wordBoundaries: boolean;
  /** Default: `requestLimits(textLength)`; tests pass smaller ones. */
  readonly limits?: RequestLimits;
  /** One line per request when messages were dropped (counts and reasons only, never their content). */
  readonly log?: (line: string) => void;
  /** Called when the socket is paused or resumed for backpressure, with the audio bytes queued (tests, bench). */
  readonly onBackpressure?: (paused: boolean, queuedBytes: number) => void;
}

/** A word the service says it is speaking, relative to the start of this request's audio. */
export interface WordBoundary {
  readonly text: string;
  readonly offsetSeconds: number;
  readonly durationSeconds: number;
}

export type EdgeRequestEvent =
  { readonly kind: 'audio'; readonly bytes: Uint8Array } | { readonly kind: 'word'; readonly word: WordBoundary };

/** The audio format requested: MP3, the one compressed format VS Code desktop's webviews decode. */
export const EDGE_OUTPUT_FORMAT = OUTPUT_FORMAT.AUDIO_24KHZ_48KBITRATE_MONO_MP3;

const TICKS_PER_SECOND = 10_000_000;
const SOCKET_CLOSED = 3;
const REQUEST_ID = /^[0-9a-f]{32}$/i;

/**
 * Synthesizes one request (at most 4096 bytes of escaped text) and yields its audio frames and word
 * boundaries as they arrive.
 *
 * msedge-tts has no cancellation, no timeouts, and breaks if its stream is destroyed, so this follows the
 * one pattern that is safe (docs/protocol.md §7): a fresh instance per request, and `close()` to cancel.
 * Every message is checked by the socket guard before it means anything (edgeSocketGuard, edgeFrames):
 * only this request's audio reaches the caller. Received audio waits in a bounded inbox: above its high
 * mark the socket is paused. Aborting `signal` ends the generator at once and closes the socket; so does
 * leaving the `for await` early.
 */
export async function* requestSpeech(options: EdgeRequestOptions): AsyncGenerator<EdgeRequestEvent> {
  const { signal } = options;
  if (signal.aborted) {
    return;
  }
  const textLength = options.textLength ?? options.escapedText.length;
  const limits = options.limits ?? requestLimits(textLength);
  const tts = new MsEdgeTTS();
  const dropped = new DroppedFrames();
  const turn: { requestId: string | undefined; failure: SpeechError | undefined } = { requestId: undefined, failure: undefined };
  let closeCode: number | undefined;
  let closeReason: string | undefined;
  const inbox = new Inbox(signal, () => guard.socket(), options.onBackpressure);
  const guard = guardEdgeSocket(tts, MAX_MESSAGE_BYTES, {
    onMessage: (data, isBinary) => {
      const frame = inspectFrame(data, isBinary, { requestId: turn.requestId, metadata: options.wordBoundaries });
      switch (frame.kind) {
        case 'audio':
          if (frame.payload.length > 0) {
            // A copy: the payload is a view into ws's buffer of the whole message.
            inbox.push({ kind: 'audio', bytes: frame.payload.slice() });
          }
          return;
        case 'metadata':
          for (const word of parseWordBoundaries(frame.body)) {
            inbox.push({ kind: 'word', word });
          }
          return;
        case 'turnEnd':
          inbox.end();
          return;
        case 'drop':
          dropped.add(frame.reason);
          return;
        default:
          return; // turn.start, response, the audio terminator: nothing to do
      }
    },
    onClose: (code, reason) => {
      closeCode = code;
      closeReason = reason || undefined;
      inbox.fail();
    },
    onError: (error) => {
      if (isOversized(error)) {
        turn.failure = oversizedMessageError(MAX_MESSAGE_BYTES);
      }
      inbox.fail();
    },
  });

  // msedge-tts only creates the socket after an async hash, so a cancel that lands before then would be
  // missed: close again once connecting settles, whatever the outcome.
  const connecting = tts.setMetadata(options.voice, EDGE_OUTPUT_FORMAT, {
    voiceLocale: localeOf(options.voice),
    wordBoundaryEnabled: options.wordBoundaries,
    sentenceBoundaryEnabled: false,
  });
  connecting.then(
    () => {
      if (inbox.finished) {
        closeSocket(guard.socket());
      }
    },
    () => closeSocket(guard.socket()),
  );

  try {
    try {
      await inbox.race(connecting, options.connectTimeoutMs, () => connectTimeoutError(options.connectTimeoutMs));
    } catch (error) {
      if (signal.aborted) {
        return;
      }
      throw isSpeechError(error) ? error : connectError(error);
    }
    if (signal.aborted) {
      return;
    }
    if (inbox.failed) {
      throw closedError(closeCode, closeReason, options.voice);
    }
    // msedge-tts returns the request's id with the streams (2.0.7, not in its types). It is known before
    // the request is sent, so no message of this request can arrive before the guard expects it.
    const request = tts.toStream(options.escapedText, {
      rate: options.rate,
      pitch: options.pitch,
      volume: options.volume,
    }) as unknown as { requestId?: unknown };
    if (typeof request.requestId !== 'string' || !REQUEST_ID.test(request.requestId)) {
      throw new Error('msedge-tts changed: toStream() no longer returns the request id');
    }
    turn.requestId = request.requestId;

    let audioBytes = 0;
    let waitedMs = 0;
    try {
      while (true) {
        const waitStarted = performance.now();
        const event = await inbox.next(options.idleTimeoutMs);
        waitedMs += performance.now() - waitStarted;
        if (event === 'aborted') {
          return;
        }
        if (event === 'idle') {
          throw idleTimeoutError(options.idleTimeoutMs);
        }
        if (event === 'end') {
          if (audioBytes === 0) {
            throw noAudioError();
          }
          return;
        }
        if (event === 'error') {
          // A close frame's code and reason are known here ('close' fails the inbox). A ws-level error
          // (a bad frame, a reset) fails it first: no code then, which reads as a drop, and is retried.
          throw turn.failure ?? closedError(closeCode, closeReason, options.voice);
        }
        if (event.kind === 'audio') {
          audioBytes += event.bytes.length;
          if (audioBytes > limits.maxAudioBytes) {
            throw overLimitError('audio', limits.maxAudioBytes / EDGE_AUDIO_BYTES_PER_SECOND, textLength);
          }
        }
        // Time waiting while the consumer was away is not counted: then the socket may be paused.
        if (waitedMs > limits.maxWaitMs) {
          throw overLimitError('time', limits.maxWaitMs / 1000, textLength);
        }
        yield event;
      }
    } finally {
      if (dropped.total > 0) {
        options.log?.(`Speech request: ${dropped.summary()}.`);
      }
    }
  } finally {
    inbox.finish();
    closeSocket(guard.socket());
  }
}

function isOversized(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';
}

/** Parses one `audio.metadata` body; anything unexpected is skipped rather than trusted. */
export function parseWordBoundaries(json: Buffer | string): WordBoundary[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json.toString());
  } catch {
    return [];
  }
  const entries = (parsed as { Metadata?: unknown })?.Metadata;
  if (!Array.isArray(entries)) {
    return [];
  }
  const words: WordBoundary[] = [];
  for (const entry of entries) {
    const data = (entry as { Type?: unknown; Data?: { Offset?: unknown; Duration?: unknown; text?: { Text?: unknown } } }) ?? {};
    if (data.Type !== 'WordBoundary') {
      continue;
    }
    const offset = data.Data?.Offset;
    const duration = data.Data?.Duration;
    const text = data.Data?.text?.Text;
    if (typeof offset === 'number' && typeof duration === 'number' && typeof text === 'string' && offset >= 0 && duration >= 0) {
      words.push({ text, offsetSeconds: offset / TICKS_PER_SECOND, durationSeconds: duration / TICKS_PER_SECOND });
    }
  }
  return words;
}

/** msedge-tts guesses the locale with /\w{2}-\w{2}/ (wrong for "fil-PH-…"); pass it explicitly. */
export function localeOf(voice: string): string | undefined {
  const shortName = /\(([^,]+),/.exec(voice)?.[1] ?? voice;
  return /^([a-z]{2,3}(?:-[A-Z][a-z]{3})?-[A-Z]{2})(?:-|$)/.exec(shortName)?.[1];
}

function closeSocket(socket: EdgeSocket | undefined): void {
  if (!socket || socket.readyState === SOCKET_CLOSED) {
    return;
  }
  if (socket.isPaused) {
    socket.resume(); // paused, it would never read the service's answer to our close frame
  }
  socket.close();
  setTimeout(() => {
    if (socket.readyState !== SOCKET_CLOSED) {
      socket.terminate();
    }
  }, CLOSE_HANDSHAKE_GRACE_MS).unref();
}

type InboxSignal = 'end' | 'error' | 'aborted' | 'idle';

/**
 * Events of one request, handed to the generator one at a time, with abort and idle timeout. Bounded:
 * above INBOX_HIGH_WATER_BYTES of queued audio the socket is paused, below INBOX_LOW_WATER_BYTES resumed.
 * The idle timeout only runs inside `next()` with an empty queue, when the socket is never paused by us.
 */
class Inbox {
  private readonly queue: EdgeRequestEvent[] = [];
  private queuedBytes = 0;
  private state: 'open' | 'end' | 'error' = 'open';
  private wake: (() => void) | undefined;
  private pausedSocket: EdgeSocket | undefined;
  finished = false;

  constructor(
    private readonly signal: AbortSignal,
    private readonly socket: () => EdgeSocket | undefined,
    private readonly onBackpressure?: (paused: boolean, queuedBytes: number) => void,
  ) {
    signal.addEventListener('abort', this.notify, { once: true });
  }

  get failed(): boolean {
    return this.state === 'error';
  }

  /** Nothing is queued after the turn ended or failed: later messages are not part of this request. */
  push(event: EdgeRequestEvent): void {
    if (this.finished || this.state !== 'open') {
      return;
    }
    this.queue.push(event);
    if (event.kind === 'audio') {
      this.queuedBytes += event.bytes.length;
      if (this.queuedBytes > INBOX_HIGH_WATER_BYTES && !this.pausedSocket) {
        const socket = this.socket();
        if (socket && !socket.isPaused) {
          socket.pause();
          this.pausedSocket = socket;
          this.onBackpressure?.(true, this.queuedBytes);
        }
      }
    }
    this.notify();
  }

  private take(): EdgeRequestEvent | undefined {
    const event = this.queue.shift();
    if (event?.kind === 'audio') {
      this.queuedBytes -= event.bytes.length;
      if (this.pausedSocket && this.queuedBytes < INBOX_LOW_WATER_BYTES) {
        this.pausedSocket.resume();
        this.pausedSocket = undefined;
        this.onBackpressure?.(false, this.queuedBytes);
      }
    }
    return event;
  }

  end(): void {
    this.settle('end');
  }

  fail(): void {
    this.settle('error');
  }

  finish(): void {
    this.finished = true;
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.pausedSocket = undefined; // the socket is closed next
    this.signal.removeEventListener('abort', this.notify);
  }

  /** The next event, or why there is none. Queued audio is delivered before the end or an error. */
  async next(idleTimeoutMs: number): Promise<EdgeRequestEvent | InboxSignal> {
    const deadline = Date.now() + idleTimeoutMs;
    while (true) {
      if (this.signal.aborted) {
        return 'aborted';
      }
      const event = this.take();
      if (event) {
        return event;
      }
      if (this.state !== 'open') {
        return this.state;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        return 'idle';
      }
      await this.sleep(remaining);
    }
  }

  /** Awaits `promise`, but gives up on abort (resolving) or after `timeoutMs` (rejecting with `onTimeout()`). */
  async race<T>(promise: Promise<T>, timeoutMs: number, onTimeout: () => Error): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    try {
      return await Promise.race([
        promise,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(onTimeout()), timeoutMs);
        }),
        new Promise<undefined>((resolve) => {
          onAbort = () => resolve(undefined);
          this.signal.addEventListener('abort', onAbort, { once: true });
        }),
      ]);
    } finally {
      clearTimeout(timer);
      if (onAbort) {
        this.signal.removeEventListener('abort', onAbort);
      }
    }
  }

  private settle(state: 'end' | 'error'): void {
    if (this.state === 'open') {
      this.state = state;
      this.notify();
    }
  }

  private readonly notify = (): void => {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  };

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
