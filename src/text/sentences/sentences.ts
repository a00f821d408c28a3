// Sentence ranges, for "next/previous sentence" and the soft sentence highlight.

import { isWhitespace, type SpokenText } from '../spoken';
import { CharClass, charClass, isParagraphBreakAt, sentenceEndAfter } from './boundaries';

/** A half-open range `[start, end)` of offsets in a spoken text. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/**
 * The sentences of `spoken`, in order, as whitespace-trimmed ranges of its text. A sentence ends at sentence
 * punctuation (see `sentenceEndAfter`) or at a paragraph break; a single line break does not end one, since
 * hard-wrapped prose breaks lines mid-sentence.
 */
export function splitSentences(spoken: SpokenText | string): TextRange[] {
  const text = typeof spoken === 'string' ? spoken : spoken.text;
  const sentences: TextRange[] = [];
  const push = (start: number, end: number): void => {
    while (start < end && isWhitespace(text.charCodeAt(start))) start++;
    while (end > start && isWhitespace(text.charCodeAt(end - 1))) end--;
    if (end > start) sentences.push({ start, end });
  };

  let start = 0;
  let i = 0;
  while (i < text.length) {
    const charClassAt = charClass(text.charCodeAt(i));
    if (charClassAt === CharClass.LineBreak && isParagraphBreakAt(text, i)) {
      push(start, i);
      start = i;
    } else if (charClassAt === CharClass.Terminal || charClassAt === CharClass.EastAsianTerminal) {
      const end = sentenceEndAfter(text, i);
      if (end >= 0) {
        push(start, end);
        start = i = end;
        continue;
      }
    }
    i++;
  }
  push(start, text.length);
  return sentences;
}
