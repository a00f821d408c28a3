// The message protocol between the extension host and the player webview.
// Imported by both sides: this file is the single source of truth, and must not import `vscode` or the DOM.
//
// Every message about audio carries the `readingId` of the reading it belongs to. The player drops
// messages for any reading other than the current one, so chunks of a cancelled reading that were
// already in flight can never be heard.

/** MIME type of every stream. MP3 is the only compressed format VS Code desktop's webviews decode. */
export const AUDIO_MIME_TYPE = 'audio/mpeg';

/** Size of every audio chunk posted to the player except the last one of a reading. */
export const AUDIO_CHUNK_BYTES = 4096;

// ---------------------------------------------------------------------------------------------
// Host → player

/** Host → player: a new reading begins. The player discards whatever it was doing and prepares a fresh stream. */
export interface StartReadingMessage {
  readonly type: 'start';
  readonly readingId: number;
  /** `HTMLMediaElement.playbackRate` for this reading (speeds above what the service allows). */
  readonly playbackRate: number;
  /**
   * Absent: the chunks are one MP3 stream for the MediaSource (Edge). Present: they are raw 16-bit
   * little-endian mono PCM at this rate (the system voice), played through Web Audio.
   */
  readonly pcm?: PcmAudio;
}

export interface PcmAudio {
  readonly sampleRate: number;
}

/** Sample rates the player accepts for PCM readings. */
export const PCM_SAMPLE_RATE_RANGE = { min: 8000, max: 96000 } as const;

/** Host → player: the next piece of the reading's audio stream (MP3, or PCM for a `pcm` reading), in order. */
export interface AudioChunkMessage {
  readonly type: 'chunk';
  readonly readingId: number;
  /** 0, 1, 2, … within the reading; a gap or repeat is a bug and the player reports it. */
  readonly seq: number;
  readonly data: ArrayBuffer;
}

/** Host → player: every chunk of the reading has been sent; play to the end. */
export interface EndOfAudioMessage {
  readonly type: 'end';
  readonly readingId: number;
}

/** Host → player: silence the reading now and drop its audio. */
export interface StopReadingMessage {
  readonly type: 'stop';
  readonly readingId: number;
}

/** Host → player: pause or resume the current reading without losing its place. */
export interface SetPausedMessage {
  readonly type: 'setPaused';
  readonly readingId: number;
  readonly paused: boolean;
}

/** Host → player: change the playback rate of the current reading. */
export interface SetPlaybackRateMessage {
  readonly type: 'setPlaybackRate';
  readonly readingId: number;
  readonly playbackRate: number;
}

/** Host → player: the sentence being read, so the panel shows what is heard even when the editor is elsewhere. */
export interface CaptionMessage {
  readonly type: 'caption';
  readonly readingId: number;
  /** The sentence, whitespace collapsed, at most {@link MAX_CAPTION_LENGTH} characters. Shown as text, never as markup. */
  readonly text: string;
  /** Where the reading is, e.g. "3 / 41"; empty when there is only one sentence. */
  readonly position: string;
}

/**
 * Host → player: play from `seconds` into the reading's audio, which the host knows the player holds
 * (its last progress said so). Keeps the paused/playing state. A time outside what is buffered is
 * clamped to the nearest buffered edge, so a seek never waits on audio that will not come.
 */
export interface SeekMessage {
  readonly type: 'seek';
  readonly readingId: number;
  readonly seconds: number;
}

/**
 * Host → player: the text being read, for the reader view: sentences `first`, `first + 1`, … as they are
 * spoken (Markdown removed). A window around the current sentence, sent again as the reading moves on.
 * Shown as text, never as markup.
 */
export interface ReaderTextMessage {
  readonly type: 'readerText';
  readonly readingId: number;
  readonly first: number;
  readonly sentences: readonly string[];
}

/** Host → player: the sentence being heard, and the word in it (UTF-16 offsets into that sentence's text). */
export interface ReaderPositionMessage {
  readonly type: 'readerPosition';
  readonly readingId: number;
  readonly sentence: number;
  /** The word's range in the sentence; equal when no word is known. */
  readonly wordStart: number;
  readonly wordEnd: number;
}

/**
 * Host → player: when words are heard, for the reader view to highlight them by the audio clock itself
 * (no round trip): `words` is flat, four numbers per word: sentence, start and end in that sentence's
 * text, and the second of the reading's audio it starts at. Sent in batches as the service reports them.
 */
export interface ReaderWordsMessage {
  readonly type: 'readerWords';
  readonly readingId: number;
  readonly words: readonly number[];
}

export const MAX_READER_WORDS_PER_MESSAGE = 2000;

export const MAX_READER_SENTENCES = 400;
export const MAX_READER_SENTENCE_LENGTH = 2000;

export const MAX_CAPTION_LENGTH = 300;
const MAX_POSITION_LENGTH = 40;

export type ToPlayerMessage =
  | StartReadingMessage
  | CaptionMessage
  | AudioChunkMessage
  | EndOfAudioMessage
  | StopReadingMessage
  | SetPausedMessage
  | SetPlaybackRateMessage
  | SeekMessage
  | ReaderTextMessage
  | ReaderPositionMessage
  | ReaderWordsMessage;

// ---------------------------------------------------------------------------------------------
// Player → host

/** Player → host: the webview's script is running and listening. The host sends nothing before this. */
export interface PlayerReadyMessage {
  readonly type: 'ready';
  /** Whether the user already unlocked audio in this webview (it survives a reload of the script only in theory). */
  readonly audioUnlocked: boolean;
}

/** Player → host: the reading's audio is audibly playing (the `playing` event fired). */
export interface PlayingMessage {
  readonly type: 'playing';
  readonly readingId: number;
}

/** Player → host: the webview refused `play()` (microsoft/vscode#237030); the player now shows "Enable audio". */
export interface NeedsUserGestureMessage {
  readonly type: 'needsUserGesture';
  readonly readingId: number;
}

/** Player → host: the user clicked "Enable audio"; playback is allowed for the life of this webview. */
export interface AudioUnlockedMessage {
  readonly type: 'audioUnlocked';
}

/** Player → host: where playback is, in seconds from the start of the reading's audio. Sent while playing. */
export interface PlaybackProgressMessage {
  readonly type: 'progress';
  readonly readingId: number;
  readonly currentTime: number;
  /** Seconds of audio appended so far (the end of the buffered range). */
  readonly bufferedTime: number;
  /** The start of the audio the player still holds (played audio older than a few minutes is freed). */
  readonly bufferedStart: number;
}

/** Player → host: the reading played to its end. */
export interface PlaybackEndedMessage {
  readonly type: 'ended';
  readonly readingId: number;
}

/** Player → host: the reading was paused or resumed (by the host or by the player's own button). */
export interface PausedChangedMessage {
  readonly type: 'pausedChanged';
  readonly readingId: number;
  readonly paused: boolean;
}

/** Player → host: the user pressed the player's own Stop button. */
export interface StopRequestedMessage {
  readonly type: 'stopRequested';
  readonly readingId: number;
}

/** Player → host: the user chose a sentence in the reader view (click, Enter or Space): read from there. */
export interface JumpToSentenceMessage {
  readonly type: 'jumpToSentence';
  readonly readingId: number;
  readonly sentence: number;
}

/** Player → host: the player could not play the reading (decode error, MediaSource failure, …). */
export interface PlayerErrorMessage {
  readonly type: 'error';
  readonly readingId: number;
  readonly message: string;
}

export type FromPlayerMessage =
  | PlayerReadyMessage
  | PlayingMessage
  | NeedsUserGestureMessage
  | AudioUnlockedMessage
  | PlaybackProgressMessage
  | PlaybackEndedMessage
  | PausedChangedMessage
  | StopRequestedMessage
  | JumpToSentenceMessage
  | PlayerErrorMessage;

// ---------------------------------------------------------------------------------------------
// Validation: each side parses what it receives; anything malformed is rejected (undefined) and logged by the caller.

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isReadingId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isFiniteNonNegative(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Accepted playback rates; the media element throws outside roughly this range. */
export const MIN_PLAYBACK_RATE = 0.25;
export const MAX_PLAYBACK_RATE = 4;

function isPlaybackRate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= MIN_PLAYBACK_RATE && value <= MAX_PLAYBACK_RATE;
}

/** An upper bound for a chunk, with room to spare: anything bigger did not come from our host. */
const MAX_CHUNK_BYTES = 64 * 1024;
const MAX_ERROR_MESSAGE_LENGTH = 2000;

/** Validates a message received by the player. */
export function parseToPlayerMessage(value: unknown): ToPlayerMessage | undefined {
  if (!isRecord(value) || !isReadingId(value.readingId)) {
    return undefined;
  }
  const readingId = value.readingId;
  switch (value.type) {
    case 'start': {
      if (!isPlaybackRate(value.playbackRate)) {
        return undefined;
      }
      if (value.pcm === undefined) {
        return { type: 'start', readingId, playbackRate: value.playbackRate };
      }
      const sampleRate = isRecord(value.pcm) ? value.pcm.sampleRate : undefined;
      return typeof sampleRate === 'number' &&
        Number.isInteger(sampleRate) &&
        sampleRate >= PCM_SAMPLE_RATE_RANGE.min &&
        sampleRate <= PCM_SAMPLE_RATE_RANGE.max
        ? { type: 'start', readingId, playbackRate: value.playbackRate, pcm: { sampleRate } }
        : undefined;
    }
    case 'chunk': {
      const data = value.data;
      if (!isReadingId(value.seq) || !(data instanceof ArrayBuffer) || data.byteLength === 0 || data.byteLength > MAX_CHUNK_BYTES) {
        return undefined;
      }
      return { type: 'chunk', readingId, seq: value.seq, data };
    }
    case 'end':
    case 'stop':
      return { type: value.type, readingId };
    case 'setPaused':
      return typeof value.paused === 'boolean' ? { type: 'setPaused', readingId, paused: value.paused } : undefined;
    case 'setPlaybackRate':
      return isPlaybackRate(value.playbackRate) ? { type: 'setPlaybackRate', readingId, playbackRate: value.playbackRate } : undefined;
    case 'seek':
      return isFiniteNonNegative(value.seconds) ? { type: 'seek', readingId, seconds: value.seconds } : undefined;
    case 'readerText': {
      const sentences = value.sentences;
      if (
        !isReadingId(value.first) ||
        !Array.isArray(sentences) ||
        sentences.length > MAX_READER_SENTENCES ||
        !sentences.every((sentence) => typeof sentence === 'string' && sentence.length <= MAX_READER_SENTENCE_LENGTH)
      ) {
        return undefined;
      }
      return { type: 'readerText', readingId, first: value.first, sentences: [...(sentences as string[])] };
    }
    case 'readerWords': {
      const words = value.words;
      if (!Array.isArray(words) || words.length % 4 !== 0 || words.length > 4 * MAX_READER_WORDS_PER_MESSAGE) {
        return undefined;
      }
      for (let i = 0; i < words.length; i += 4) {
        if (!isReadingId(words[i]) || !isReadingId(words[i + 1]) || !isReadingId(words[i + 2]) || !isFiniteNonNegative(words[i + 3])) {
          return undefined;
        }
      }
      return { type: 'readerWords', readingId, words: [...(words as number[])] };
    }
    case 'readerPosition':
      return isReadingId(value.sentence) &&
        isReadingId(value.wordStart) &&
        isReadingId(value.wordEnd) &&
        value.wordStart <= value.wordEnd &&
        value.wordEnd <= MAX_READER_SENTENCE_LENGTH
        ? { type: 'readerPosition', readingId, sentence: value.sentence, wordStart: value.wordStart, wordEnd: value.wordEnd }
        : undefined;
    case 'caption':
      return typeof value.text === 'string' &&
        value.text.length <= MAX_CAPTION_LENGTH &&
        typeof value.position === 'string' &&
        value.position.length <= MAX_POSITION_LENGTH
        ? { type: 'caption', readingId, text: value.text, position: value.position }
        : undefined;
    default:
      return undefined;
  }
}

/** Validates a message received by the host. */
export function parseFromPlayerMessage(value: unknown): FromPlayerMessage | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  switch (value.type) {
    case 'ready':
      return typeof value.audioUnlocked === 'boolean' ? { type: 'ready', audioUnlocked: value.audioUnlocked } : undefined;
    case 'audioUnlocked':
      return { type: 'audioUnlocked' };
  }
  if (!isReadingId(value.readingId)) {
    return undefined;
  }
  const readingId = value.readingId;
  switch (value.type) {
    case 'playing':
    case 'needsUserGesture':
    case 'ended':
    case 'stopRequested':
      return { type: value.type, readingId };
    case 'progress':
      return isFiniteNonNegative(value.currentTime) &&
        isFiniteNonNegative(value.bufferedTime) &&
        isFiniteNonNegative(value.bufferedStart) &&
        value.bufferedStart <= value.bufferedTime
        ? {
            type: 'progress',
            readingId,
            currentTime: value.currentTime,
            bufferedTime: value.bufferedTime,
            bufferedStart: value.bufferedStart,
          }
        : undefined;
    case 'pausedChanged':
      return typeof value.paused === 'boolean' ? { type: 'pausedChanged', readingId, paused: value.paused } : undefined;
    case 'jumpToSentence':
      return isReadingId(value.sentence) ? { type: 'jumpToSentence', readingId, sentence: value.sentence } : undefined;
    case 'error':
      return typeof value.message === 'string'
        ? { type: 'error', readingId, message: value.message.slice(0, MAX_ERROR_MESSAGE_LENGTH) }
        : undefined;
    default:
      return undefined;
  }
}
