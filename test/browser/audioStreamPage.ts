// The script of the harness's /audio-stream page: `AudioStream` alone on `window`, for tests that need
// limits the player does not expose, and `fillStream` to load it with the MP3 fixture as the host would.
import { AudioStream } from '../../media/audioStream';

export interface FilledStream {
  readonly audio: HTMLAudioElement;
  readonly stream: AudioStream;
  /** How many 4096-byte chunks were handed to `stream.append`. */
  readonly chunks: number;
  /** What the stream reported through `onError`, if anything. */
  readonly error: string | undefined;
}

/**
 * A new <audio> element whose AudioStream has been given `repeat` copies of an MP3 (base64) in 4096-byte
 * chunks at once, with no look-ahead limit and `keepBehindSeconds` of played audio kept.
 */
function fillStream(base64: string, repeat: number, keepBehindSeconds: number): FilledStream {
  const once = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const all = new Uint8Array(once.length * repeat);
  for (let i = 0; i < repeat; i++) {
    all.set(once, i * once.length);
  }
  const audio = document.createElement('audio');
  document.body.append(audio);
  let error: string | undefined;
  const stream = new AudioStream(
    audio,
    { onFirstAppend: () => undefined, onError: (message) => (error = message) },
    { maxAheadSeconds: Number.POSITIVE_INFINITY, keepBehindSeconds },
  );
  let chunks = 0;
  for (let start = 0; start < all.length; start += 4096) {
    stream.append(chunks++, all.slice(start, start + 4096).buffer);
  }
  return {
    audio,
    stream,
    chunks,
    get error() {
      return error;
    },
  };
}

declare global {
  interface Window {
    AudioStream: typeof AudioStream;
    fillStream: typeof fillStream;
  }
}

Object.assign(window, { AudioStream, fillStream });
