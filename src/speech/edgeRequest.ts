import { MsEdgeTTS, OUTPUT_FORMAT } from 'msedge-tts';
import type { Readable } from 'node:stream';
import { closedError, connectError, connectTimeoutError, idleTimeoutError, isSpeechError, noAudioError } from './speechError';

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
  readonly signal: AbortSignal;
  readonly connectTimeoutMs: number;
  /** Longest silence allowed between two frames of audio (and before the first one). */
  readonly idleTimeoutMs: number;
  readonly wordBoundaries: boolean;
}

/** A word the service says it is speaking, relative to the start of this request's audio. */
export interface WordBoundary {
  readonly text: string;
  readonly offsetSeconds: number;
  readonly durationSeconds: number;
}

export type EdgeRequestEvent =
  | { readonly kind: 'audio'; readonly bytes: Uint8Array }
  | { readonly kind: 'word'; readonly word: WordBoundary };

/** The audio format requested: MP3, the one compressed format VS Code desktop's webviews decode. */
export const EDGE_OUTPUT_FORMAT = OUTPUT_FORMAT.AUDIO_24KHZ_48KBITRATE_MONO_MP3;
/** 48 kbit/s constant bit rate. */
export const EDGE_AUDIO_BYTES_PER_SECOND = 6000;

const TICKS_PER_SECOND = 10_000_000;
/** If the peer never answers our close frame, `ws` would wait 30 s; tear the TCP socket down sooner. */
const CLOSE_HANDSHAKE_GRACE_MS = 1000;

/** The parts of msedge-tts's private state we rely on (checked against 2.0.7, which is pinned). */
interface EdgeSocket {
  readonly readyState: number;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): unknown;
  close(): void;
  terminate(): void;
}
const SOCKET_CLOSED = 3;

function socketOf(tts: MsEdgeTTS): EdgeSocket | undefined {
  return (tts as unknown as { _ws?: EdgeSocket })._ws;
}

/**
 * Synthesizes one request (at most 4096 bytes of escaped text) and yields its audio frames and word
 * boundaries as they arrive.
 *
 * msedge-tts has no cancellation, no timeouts, and breaks if its stream is destroyed, so this follows the
 * one pattern that is safe (docs/protocol.md §7): a fresh instance per request, and `close()` to cancel,
 * with every error after a cancel ignored. Aborting `signal` ends the generator at once and closes the
 * socket; so does leaving the `for await` early.
 */
export async function* requestSpeech(options: EdgeRequestOptions): AsyncGenerator<EdgeRequestEvent> {
  const { signal } = options;
  if (signal.aborted) {
    return;
  }
  const tts = new MsEdgeTTS();
  const inbox = new Inbox(signal);
  let closeCode: number | undefined;
  let closeReason: string | undefined;

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
        closeSocket(tts);
      }
    },
    () => closeSocket(tts),
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
    // msedge-tts drops the close code and reason; keep them, they say why the service refused.
    socketOf(tts)?.on('close', (code, reason) => {
      closeCode = code;
      closeReason = reason.toString('utf8') || undefined;
    });

    const { audioStream, metadataStream } = tts.toStream(options.escapedText, {
      rate: options.rate,
      pitch: options.pitch,
      volume: options.volume,
    });
    listen(audioStream, metadataStream, inbox);

    let audioBytes = 0;
    while (true) {
      const event = await inbox.next(options.idleTimeoutMs);
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
        // The 'close' event of the socket fires before msedge-tts destroys the stream, so the code is known.
        throw closedError(closeCode, closeReason);
      }
      if (event.kind === 'audio') {
        audioBytes += event.bytes.length;
      }
      yield event;
    }
  } finally {
    inbox.finish();
    closeSocket(tts);
  }
}

function listen(audioStream: Readable, metadataStream: Readable | null, inbox: Inbox): void {
  audioStream.on('data', (bytes: Buffer) => inbox.push({ kind: 'audio', bytes }));
  audioStream.on('end', () => inbox.end());
  // Required even after a cancel: an 'error' without a listener would be thrown.
  audioStream.on('error', () => inbox.fail());
  // Flowing mode: read() in paused mode can join two JSON documents into one chunk.
  metadataStream?.on('data', (json: Buffer) => {
    for (const word of parseWordBoundaries(json)) {
      inbox.push({ kind: 'word', word });
    }
  });
  metadataStream?.on('error', () => undefined);
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

function closeSocket(tts: MsEdgeTTS): void {
  const socket = socketOf(tts);
  if (!socket || socket.readyState === SOCKET_CLOSED) {
    return;
  }
  tts.close();
  setTimeout(() => {
    if (socket.readyState !== SOCKET_CLOSED) {
      socket.terminate();
    }
  }, CLOSE_HANDSHAKE_GRACE_MS).unref();
}

type InboxSignal = 'end' | 'error' | 'aborted' | 'idle';

/** Events from msedge-tts's streams, handed to the generator one at a time, with abort and idle timeout. */
class Inbox {
  private readonly queue: EdgeRequestEvent[] = [];
  private state: 'open' | 'end' | 'error' = 'open';
  private wake: (() => void) | undefined;
  finished = false;

  constructor(private readonly signal: AbortSignal) {
    signal.addEventListener('abort', this.notify, { once: true });
  }

  push(event: EdgeRequestEvent): void {
    if (!this.finished) {
      this.queue.push(event);
      this.notify();
    }
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
    this.signal.removeEventListener('abort', this.notify);
  }

  /** The next event, or why there is none. Queued audio is delivered before the end or an error. */
  async next(idleTimeoutMs: number): Promise<EdgeRequestEvent | InboxSignal> {
    const deadline = Date.now() + idleTimeoutMs;
    while (true) {
      if (this.signal.aborted) {
        return 'aborted';
      }
      const event = this.queue.shift();
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
