// Which document range is being spoken at a given moment of the reading's audio. Pure: no vscode import.
//
// Edge reports each word as its text plus a time relative to its own request; synthesizeSpeech places it
// in its segment's text, and the segment's offsets lead back through the passage's spoken-text map to the
// document.

import { splitSentences } from '../text/sentences';
import type { SourceRange } from '../text/spoken';
import type { ReadingPlan } from './readingPlan';

export interface TimedWord {
  /** Seconds into the reading's audio. */
  readonly startSeconds: number;
  readonly endSeconds: number;
  /** Document offsets. */
  readonly range: SourceRange;
  /** Index into `sentences`. */
  readonly sentenceIndex: number;
  /** The word's range in `sentenceText(sentenceIndex)` (for the reader view). */
  readonly inSentence: { readonly start: number; readonly end: number };
  /** Set when the engine reported only the sentence (the system voice without word positions): no word to highlight. */
  readonly wholeSentence?: boolean;
}

/** A word the service spoke: where it is in its segment's text, and when. */
export interface WordReport {
  readonly segmentIndex: number;
  readonly textStart: number;
  readonly textEnd: number;
  readonly startSeconds: number;
  readonly durationSeconds: number;
}

export class WordTimeline {
  private readonly words: TimedWord[] = [];
  private readonly knownSentences: SourceRange[] = [];
  /** Per passage, the sentence ranges in spoken-text offsets (to find a word's sentence). */
  private readonly spokenSentences: Array<ReadonlyArray<{ start: number; end: number; index: number }>> = [];
  /** Per sentence of the reading: its passage and spoken range (its text is sliced only when asked for). */
  private readonly sentenceSpans: Array<{ passage: number; start: number; end: number }> = [];

  /** `plan` may still grow (a lazy plan appends passages): the timeline picks new ones up when asked. */
  constructor(private readonly plan: ReadingPlan) {}

  /** Sentences of the reading prepared so far, as document ranges, in order. */
  get sentences(): readonly SourceRange[] {
    this.catchUp();
    return this.knownSentences;
  }

  /** Sentence `index` as it is spoken (Markdown removed, whitespace collapsed). */
  sentenceText(index: number): string {
    this.catchUp();
    const span = this.sentenceSpans[index];
    const passage = span && this.plan.passages[span.passage];
    return span && passage ? passage.text.slice(span.start, span.end) : '';
  }

  get wordCount(): number {
    return this.words.length;
  }

  /** Records a sentence an engine without word positions is speaking, as one timed span with no word. */
  addSentence(report: Omit<WordReport, 'durationSeconds'>): TimedWord | undefined {
    return this.add({ ...report, durationSeconds: 0 }, true);
  }

  /** Records a word the service is speaking. Returns it, or undefined if it lies outside its segment. */
  add(report: WordReport, wholeSentence = false): TimedWord | undefined {
    this.catchUp();
    const segment = this.plan.segments[report.segmentIndex];
    const passage = segment && this.plan.passages[segment.passageIndex];
    if (!segment || !passage || report.textStart < 0 || report.textEnd <= report.textStart || report.textEnd > segment.text.length) {
      return undefined;
    }
    const spokenStart = segment.start + report.textStart;
    const spokenEnd = segment.start + report.textEnd;
    const sentenceIndex = this.sentenceIndexAt(segment.passageIndex, spokenStart);
    const sentenceStart = this.sentenceSpans[sentenceIndex]?.start ?? spokenStart;
    const word: TimedWord = {
      startSeconds: report.startSeconds,
      endSeconds: report.startSeconds + report.durationSeconds,
      range: passage.sourceRange(spokenStart, spokenEnd),
      sentenceIndex,
      inSentence: { start: Math.max(0, spokenStart - sentenceStart), end: Math.max(0, spokenEnd - sentenceStart) },
      ...(wholeSentence ? { wholeSentence } : {}),
    };
    // Reports arrive in time order; insert in order anyway so a lookup never sees them out of order.
    let at = this.words.length;
    while (at > 0 && (this.words[at - 1] as TimedWord).startSeconds > word.startSeconds) {
      at--;
    }
    this.words.splice(at, 0, word);
    return word;
  }

  /** The word being spoken at `seconds`: the last one that started at or before it. */
  wordAt(seconds: number): TimedWord | undefined {
    let lo = 0;
    let hi = this.words.length - 1;
    let found: TimedWord | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const word = this.words[mid] as TimedWord;
      if (word.startSeconds <= seconds) {
        found = word;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** When the first word of sentence `index` was spoken, if it has been reported. */
  sentenceStartSeconds(index: number): number | undefined {
    // Words are in time order, and a reading's sentences follow one another in time: binary search.
    let lo = 0;
    let hi = this.words.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.words[mid] as TimedWord).sentenceIndex < index) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    const word = this.words[lo];
    return word !== undefined && word.sentenceIndex === index ? word.startSeconds : undefined;
  }

  /** Splits the sentences of passages the plan has gained since the last call. */
  private catchUp(): void {
    const passages = this.plan.passages;
    for (let passageIndex = this.spokenSentences.length; passageIndex < passages.length; passageIndex++) {
      const passage = passages[passageIndex] as ReadingPlan['passages'][number];
      this.spokenSentences.push(
        splitSentences(passage).map((range) => {
          this.knownSentences.push(passage.sourceRange(range.start, range.end));
          this.sentenceSpans.push({ passage: passageIndex, start: range.start, end: range.end });
          return { start: range.start, end: range.end, index: this.knownSentences.length - 1 };
        }),
      );
    }
  }

  private sentenceIndexAt(passageIndex: number, spokenOffset: number): number {
    const sentences = this.spokenSentences[passageIndex] ?? [];
    let lo = 0;
    let hi = sentences.length - 1;
    let found = sentences[0]?.index ?? 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const sentence = sentences[mid] as { start: number; index: number };
      if (sentence.start <= spokenOffset) {
        found = sentence.index;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }
}
