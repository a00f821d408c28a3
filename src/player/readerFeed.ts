// What the reader view is sent: the text around the sentence being heard, in windows, and where in it
// the reading is. Pure: no vscode import.

import { MAX_READER_SENTENCE_LENGTH, MAX_READER_SENTENCES, MAX_READER_WORDS_PER_MESSAGE, type ToPlayerMessage } from '../shared/protocol';

/** What the feed needs to know about the reading's text. */
export interface ReaderSource {
  /** Sentences known so far (a lazy plan adds more as it goes). */
  readonly sentenceCount: number;
  sentenceText(index: number): string;
}

/** Sentences shown before the current one when a window is (re)sent. */
const BEFORE = 40;
/** A new window is sent when the reading gets this close to the end of the one shown. */
const MARGIN = 40;
/** A window holds at most this many characters, whatever the sentence count. */
const MAX_WINDOW_CHARS = 100_000;

export class ReaderFeed {
  private shown: { first: number; end: number; full: boolean } | undefined;
  private lastPosition = '';
  /** Word timings not yet sent, four numbers per word (see ReaderWordsMessage). */
  private pendingWords: number[] = [];
  /**
   * Whether the player has this reading's `start`: before it, the player would drop (then clear) whatever
   * the feed sent, so words wait. The service reports the first words before the first audio chunk.
   */
  private started = false;

  constructor(
    private readonly readingId: number,
    private readonly post: (message: ToPlayerMessage) => void,
    private readonly source: ReaderSource,
  ) {}

  /** A word the service reported: sent (in batches) so the player can highlight it by its own clock. */
  addWord(sentence: number, inSentence: { readonly start: number; readonly end: number }, startSeconds: number): void {
    if (inSentence.end > MAX_READER_SENTENCE_LENGTH || !(startSeconds >= 0)) {
      return;
    }
    this.pendingWords.push(sentence, inSentence.start, inSentence.end, startSeconds);
    if (this.pendingWords.length >= 4 * MAX_READER_WORDS_PER_MESSAGE) {
      this.flushWords();
    }
  }

  /**
   * The player has just been told the reading starts: the text around its first sentence and the word
   * timings known so far go now, so the first word is highlighted as it is heard, not one progress report
   * (and a round trip) later.
   */
  begin(): void {
    this.started = true;
    this.show(this.pendingWords[0] ?? 0, undefined);
    this.flushWords();
  }

  /** Sends the words reported since the last call (once the player has the reading's start). */
  flushWords(): void {
    if (!this.started) {
      return;
    }
    // Words held before the start can be more than one message carries.
    const perMessage = 4 * MAX_READER_WORDS_PER_MESSAGE;
    for (let at = 0; at < this.pendingWords.length; at += perMessage) {
      this.post({ type: 'readerWords', readingId: this.readingId, words: this.pendingWords.slice(at, at + perMessage) });
    }
    this.pendingWords = [];
  }

  /** The reading is at `sentence` (and, if known, at `word` in it): send what the view lacks. */
  show(sentence: number, word: { readonly start: number; readonly end: number } | undefined): void {
    // Positions come from the player's progress reports: it has the start.
    this.started = true;
    const total = this.source.sentenceCount;
    if (sentence < 0 || sentence >= total) {
      return;
    }
    const shown = this.shown;
    const outside = !shown || sentence < shown.first || sentence >= shown.end;
    const nearEnd = shown !== undefined && sentence >= shown.end - MARGIN && shown.end < total;
    // A short window (the plan was still growing) is refilled once more sentences are known.
    const grown = shown !== undefined && !shown.full && shown.end < total;
    if (outside || nearEnd || grown) {
      const first = Math.max(0, sentence - BEFORE);
      const sentences: string[] = [];
      let chars = 0;
      let full = false;
      for (let index = first; index < total; index++) {
        if (sentences.length === MAX_READER_SENTENCES || (chars > MAX_WINDOW_CHARS && index > sentence)) {
          full = true;
          break;
        }
        const text = ellipsize(this.source.sentenceText(index), MAX_READER_SENTENCE_LENGTH);
        sentences.push(text);
        chars += text.length;
      }
      this.post({ type: 'readerText', readingId: this.readingId, first, sentences });
      this.shown = { first, end: first + sentences.length, full };
      this.lastPosition = '';
    }
    const wordStart = word && word.end <= MAX_READER_SENTENCE_LENGTH ? word.start : 0;
    const wordEnd = word && word.end <= MAX_READER_SENTENCE_LENGTH ? word.end : 0;
    const key = `${sentence}:${wordStart}:${wordEnd}`;
    if (key !== this.lastPosition) {
      this.lastPosition = key;
      this.post({ type: 'readerPosition', readingId: this.readingId, sentence, wordStart, wordEnd });
    }
  }
}

function ellipsize(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
