// What the fake "synthesizes" for one request: real MP3 frames from the speech fixture, as many as the
// text would take to speak, split into the binary payloads it will send, plus word/sentence boundaries.
// Pure apart from loading the fixture, so the timing and offsets can be reasoned about in tests.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseMp3Frames, type Mp3Frame } from './mp3Frames';

export interface Mp3Source {
  readonly data: Buffer;
  readonly frames: readonly Mp3Frame[];
}

/**
 * Payload sizes cycled through for audio frames. Real frame sizes vary and are not 4 KB multiples
 * (docs/protocol.md §3), and the extension must re-chunk to 4096 itself: these never line up with 4096
 * (nor with the 144-byte MP3 frames) for any rendition shorter than megabytes.
 */
export const AUDIO_PAYLOAD_SIZES: readonly number[] = [2304, 4800, 3000, 6144];

/** Shortest rendition: the service never returns less than a short breath of audio. */
export const MIN_RENDITION_MS = 400;

export const TICKS_PER_MS = 10_000; // boundary offsets are 100-ns ticks

let speechFixture: Mp3Source | undefined;

/** The 24 kHz 48 kbit/s speech fixture, found by walking up from this file (works from src and from out/). */
export function speechFixture24k48(): Mp3Source {
  if (speechFixture) return speechFixture;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'test', 'fixtures', 'speech.mp3');
    if (fs.existsSync(candidate)) {
      const data = fs.readFileSync(candidate);
      const { frames, trailingBytes } = parseMp3Frames(data);
      if (frames.length === 0 || trailingBytes !== 0) throw new Error(`${candidate} is not a clean MP3 frame sequence`);
      speechFixture = { data, frames };
      return speechFixture;
    }
    if (path.dirname(dir) === dir) throw new Error(`test/fixtures/speech.mp3 not found above ${__dirname}`);
  }
}

export interface AudioPayload {
  readonly data: Buffer;
  /** Audio time this payload covers, from the start of the request's audio. */
  readonly startMs: number;
  readonly endMs: number;
}

export interface Boundary {
  readonly type: 'WordBoundary' | 'SentenceBoundary';
  readonly offsetTicks: number;
  readonly durationTicks: number;
  readonly text: string;
}

export interface Rendition {
  readonly audio: Buffer;
  readonly durationMs: number;
  readonly payloads: readonly AudioPayload[];
  /** Sorted by offset (a sentence before the word it starts with). */
  readonly boundaries: readonly Boundary[];
}

export interface RenditionOptions {
  readonly charsPerSecond: number;
  readonly wordBoundary: boolean;
  readonly sentenceBoundary: boolean;
}

export function spokenLengthMs(text: string, charsPerSecond: number): number {
  return Math.max(MIN_RENDITION_MS, (text.length / charsPerSecond) * 1000);
}

/**
 * Whole frames from the start of the source, looping, until at least `minDurationMs` is covered.
 * Always starting at frame 0 keeps the stream decodable: Layer III frames may borrow bits from earlier
 * frames (the bit reservoir), and the first frame of the file borrows none.
 */
export function takeFrames(source: Mp3Source, minDurationMs: number): { audio: Buffer; durationMs: number } {
  const parts: Buffer[] = [];
  let durationMs = 0;
  for (let k = 0; durationMs < minDurationMs; k++) {
    const frame = source.frames[k % source.frames.length];
    if (!frame) throw new Error('MP3 source has no frames');
    parts.push(source.data.subarray(frame.offset, frame.offset + frame.length));
    durationMs += frame.durationMs;
  }
  return { audio: Buffer.concat(parts), durationMs };
}

/** Cuts audio into payloads of cycling sizes; time is taken as proportional to bytes (the fixture is CBR). */
export function splitIntoPayloads(audio: Buffer, durationMs: number): AudioPayload[] {
  const payloads: AudioPayload[] = [];
  for (let start = 0, k = 0; start < audio.length; k++) {
    const size = AUDIO_PAYLOAD_SIZES[k % AUDIO_PAYLOAD_SIZES.length] ?? 4000;
    const end = Math.min(audio.length, start + size);
    payloads.push({
      data: audio.subarray(start, end),
      startMs: (durationMs * start) / audio.length,
      endMs: (durationMs * end) / audio.length,
    });
    start = end;
  }
  return payloads;
}

// A word: letters/marks/digits, joined by apostrophes or hyphens ("don't", "well-known").
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;
// A sentence: up to and including its terminal punctuation, or to a line break or the end.
const SENTENCE = /[^.!?。！？\n]+[.!?。！？]*/gu;

/**
 * Boundaries spread over the audio in proportion to character position, so offsets rise with the text.
 * `Text` is the word exactly as in the unescaped request text.
 */
export function boundariesFor(text: string, durationMs: number, options: Omit<RenditionOptions, 'charsPerSecond'>): Boundary[] {
  const totalTicks = durationMs * TICKS_PER_MS;
  const length = Math.max(1, text.length);
  const at = (type: Boundary['type'], index: number, span: string): Boundary => ({
    type,
    offsetTicks: Math.round((totalTicks * index) / length),
    durationTicks: Math.round((totalTicks * span.length) / length),
    text: span,
  });
  const found: Boundary[] = [];
  if (options.sentenceBoundary) {
    for (const m of text.matchAll(SENTENCE)) {
      const sentence = m[0].trim();
      if (sentence) found.push(at('SentenceBoundary', (m.index ?? 0) + m[0].indexOf(sentence), sentence));
    }
  }
  if (options.wordBoundary) {
    for (const m of text.matchAll(WORD)) found.push(at('WordBoundary', m.index ?? 0, m[0]));
  }
  // Stable sort keeps sentences (pushed first) ahead of their first word at the same offset.
  return found.sort((a, b) => a.offsetTicks - b.offsetTicks);
}

export function renderText(source: Mp3Source, text: string, options: RenditionOptions): Rendition {
  const { audio, durationMs } = takeFrames(source, spokenLengthMs(text, options.charsPerSecond));
  return {
    audio,
    durationMs,
    payloads: splitIntoPayloads(audio, durationMs),
    boundaries: boundariesFor(text, durationMs, options),
  };
}
