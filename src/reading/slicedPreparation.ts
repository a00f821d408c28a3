// Preparing a huge document for speech (10 MB: about a second of parsing, more on a busy machine) must not
// freeze the extension host, which every extension shares. A passage longer than SLICE_THRESHOLD is cut at
// paragraph breaks into slices of about SLICE_CHARS, each parsed on its own, with a return to the event
// loop between slices. Documents under the threshold are parsed whole, exactly as before. Pure: no vscode.
//
// A slice is parsed without what came before it, so cuts are made where nothing carries over: before a
// line at column 0 that follows a blank line (or, in text without blank lines, any line at column 0), and
// in Markdown never inside a fenced code block or an HTML comment. One 10 MB line stays one slice.

import { splitForSynthesis, splitSentences, type TextRange } from '../text/sentences';
import type { SourceRange, SpokenText } from '../text/spoken';
import type { PassagePreparer, ReadingPlan, ReadingSegment, SourcePassage } from './readingPlan';

/** Passages up to this length are parsed whole. */
export const SLICE_THRESHOLD = 128 * 1024;
/** About this much text per slice: some 10–20 ms of parsing on an ordinary machine. */
export const SLICE_CHARS = 64 * 1024;

export interface SlicingOptions {
  /** Markdown: never cut inside a fence or an HTML comment. */
  readonly markdown: boolean;
  readonly threshold?: number;
  readonly sliceChars?: number;
}

/** `passage` as slices that can be parsed independently (itself alone if short or uncuttable). */
export function preparationSlices(passage: SourcePassage, options: SlicingOptions): SourcePassage[] {
  const threshold = options.threshold ?? SLICE_THRESHOLD;
  const sliceChars = options.sliceChars ?? SLICE_CHARS;
  const { text } = passage;
  if (text.length <= threshold) {
    return [passage];
  }
  const cuts = [0];
  let sliceStart = 0;
  let previousBlank = false;
  let fence = ''; // the open fence's marker (``` or ~~~), or '' outside one
  let inHtmlComment = false;
  for (let lineStart = 0; lineStart < text.length;) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    const first = text.charCodeAt(lineStart);
    const atColumnZero = lineEnd > lineStart && first !== 0x20 && first !== 0x09 && first !== 0x0d;
    // After a blank line by preference; a text without blank lines is cut at a line start once a slice is
    // twice as long (at worst a hard-wrapped sentence is then read as two).
    const wanted = previousBlank ? sliceChars : 2 * sliceChars;
    if (atColumnZero && !fence && !inHtmlComment && lineStart - sliceStart >= wanted) {
      cuts.push(lineStart);
      sliceStart = lineStart;
    }
    if (options.markdown) {
      const line = text.slice(lineStart, Math.min(lineEnd, lineStart + 200));
      const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (marker && (!fence || (marker[0] === fence[0] && marker.length >= fence.length))) {
        fence = fence ? '' : marker;
      }
      if (!fence) {
        const full = lineEnd - lineStart > 200 ? text.slice(lineStart, lineEnd) : line;
        const open = full.lastIndexOf('<!--');
        const close = full.lastIndexOf('-->');
        if (open >= 0 && open > close) inHtmlComment = true;
        else if (close >= 0) inHtmlComment = false;
      }
    }
    previousBlank = isBlank(text, lineStart, lineEnd);
    lineStart = lineEnd + 1;
  }
  if (cuts.length === 1) {
    return [passage];
  }
  cuts.push(text.length);
  const slices: SourcePassage[] = [];
  for (let n = 0; n + 1 < cuts.length; n++) {
    const start = cuts[n] ?? 0;
    const end = cuts[n + 1] ?? text.length;
    const offset = passage.offset + start;
    const last = n + 2 === cuts.length;
    if (passage.from !== undefined && passage.from >= passage.offset + end && !last) {
      continue; // wholly before where the reading starts
    }
    const from = passage.from !== undefined && passage.from > offset ? { from: passage.from } : {};
    slices.push({ text: text.slice(start, end), offset, ...from });
  }
  return slices;
}

/**
 * What `planReading` computes (and the sentences of each slice), slice by slice, awaiting `pause()` (by default, the next turn of the event
 * loop) before each slice after the first.
 */
export async function planReadingInSlices(
  passages: readonly SourcePassage[],
  maxRequestBytes: number,
  prepare: PassagePreparer,
  slicing: SlicingOptions,
  pause: () => Promise<void> = nextTurn,
): Promise<ReadingPlan> {
  const spoken: SpokenText[] = [];
  const sentences: Array<Array<TextRange & { source: SourceRange }>> = [];
  const segments: ReadingSegment[] = [];
  let spokenLength = 0;
  let first = true;
  for (const passage of passages) {
    for (const slice of preparationSlices(passage, slicing)) {
      if (!first) {
        await pause();
      }
      first = false;
      const text = prepare(slice);
      const passageIndex = spoken.length;
      spoken.push(text);
      // Found here, slice by slice, rather than all at once when the reading's timeline is built.
      sentences.push(splitSentences(text).map((range) => ({ ...range, source: text.sourceRange(range.start, range.end) })));
      spokenLength += text.text.length;
      for (const segment of splitForSynthesis(text, maxRequestBytes)) {
        segments.push({ text: segment.text, passageIndex, start: segment.start, end: segment.end });
      }
    }
  }
  return { passages: spoken, segments, spokenLength, passageSentences: sentences };
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}
