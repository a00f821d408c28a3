// Splits spoken text into the requests sent to Edge.
//
// Why 4096 bytes: the service silently cuts a render at 10 minutes of audio, and edge-tts settled on
// ≤ 4096 bytes of escaped UTF-8 per request to stay clear of that (docs/protocol.md §5). msedge-tts
// sends whatever it is given as one request, so the splitting is ours.
//
// Unlike edge-tts we split the *unescaped* text and measure it as it will be once escaped. A cut can then
// never land inside an entity, and every segment maps straight back to the spoken text by offset.

import { MAX_REQUEST_TEXT_BYTES } from '../../speech/speechPolicy';
import { isLowSurrogate, isWhitespace, type SpokenText } from '../spoken';
import { escapedPrefixEnd, MAX_ESCAPED_CODE_POINT_BYTES } from '../ssml';
import { CharClass, charClass, clauseEndAfter, isParagraphBreakAt, sentenceEndAfter } from './boundaries';
import type { TextRange } from './sentences';

/** One request's worth of text. */
export interface TextSegment extends TextRange {
  /** Plain text, not yet escaped: `spokenText.slice(start, end)`. */
  readonly text: string;
}

/**
 * Splits `spoken` into whitespace-trimmed segments in order, each of which escapes to at most `maxBytes`
 * bytes of UTF-8. Each cut is the latest one in the budget of the best kind available: paragraph break,
 * sentence end, line break, clause end, whitespace, grapheme boundary, and at worst a code point boundary
 * (a surrogate pair is never split).
 *
 * Expects text as `cleanForSpeech` writes it; in an uncleaned string a lone CR or U+2028 is plain whitespace.
 */
export function splitForSynthesis(spoken: SpokenText | string, maxBytes = MAX_REQUEST_TEXT_BYTES): TextSegment[] {
  if (!(Number.isInteger(maxBytes) && maxBytes >= MAX_ESCAPED_CODE_POINT_BYTES)) {
    // Below this one escaped character might not fit, and no progress would be possible.
    throw new RangeError(`maxBytes must be an integer ≥ ${MAX_ESCAPED_CODE_POINT_BYTES}, got ${maxBytes}`);
  }
  const text = typeof spoken === 'string' ? spoken : spoken.text;
  const length = text.length;
  const segments: TextSegment[] = [];
  let start = skipWhitespace(text, 0);
  while (start < length) {
    const limit = escapedPrefixEnd(text, start, maxBytes);
    const cut = limit >= length ? length : chooseCut(text, start, limit);
    let end = cut;
    while (end > start && isWhitespace(text.charCodeAt(end - 1))) end--;
    if (end > start) segments.push({ text: text.slice(start, end), start, end });
    start = skipWhitespace(text, cut);
  }
  return segments;
}

/**
 * The best cut in `(start, limit]`, given that `text[start]` is not whitespace and `limit < text.length`:
 * the latest cut of the best kind there is, however early it comes.
 *
 * Searches backwards from the limit, one kind at a time from the best, so that the first hit is the
 * answer: line breaks by native search, then sentence ends, which in prose are rarely more than a few dozen
 * characters back. Most windows are decided without reading most of their characters.
 */
function chooseCut(text: string, start: number, limit: number): number {
  // Whitespace at `limit` itself counts: cutting there keeps everything before it. The slice bounds the
  // native searches to the window (V8 makes it a view of `text`, not a copy).
  const window = text.slice(start, limit + 1);
  let line = -1;
  for (let i = window.lastIndexOf('\n'); i > 0; i = window.lastIndexOf('\n', i - 1)) {
    if (isParagraphBreakAt(text, start + i)) return start + i;
    if (line < 0) line = start + i;
  }
  for (let i = limit - 1; i >= start; i--) {
    const kind = charClass(text.charCodeAt(i));
    if (kind === CharClass.Terminal || kind === CharClass.EastAsianTerminal) {
      const end = sentenceEndAfter(text, i);
      if (end >= 0 && end <= limit) return end;
    }
  }
  if (line > start) return line;
  let space = -1;
  for (let i = limit; i > start; i--) {
    const code = text.charCodeAt(i);
    if (charClass(code) === CharClass.Clause) {
      const end = clauseEndAfter(text, i);
      if (end >= 0 && end <= limit) return end;
    } else if (space < 0 && isWhitespace(code)) {
      space = i;
    }
  }
  return space > start ? space : graphemeCut(text, start, limit);
}

// How much text around a forced cut is handed to Intl.Segmenter. Grapheme rules look only at neighbours
// (except long runs of flags), so a small window gives the same boundaries as segmenting everything.
const GRAPHEME_LOOKBEHIND = 64;
const GRAPHEME_LOOKAHEAD = 16;
let graphemeSegmenter: Intl.Segmenter | undefined | null;

/**
 * The last grapheme cluster boundary in `(start, limit]`, so that an emoji ZWJ sequence or a letter with
 * its combining marks stays whole; `limit` itself (a code point boundary) if there is none.
 */
function graphemeCut(text: string, start: number, limit: number): number {
  // Segmenting costs far more than the rest of the split, so skip it where the answer is known.
  if (isClusterStart(text.charCodeAt(limit)) && isClusterStart(text.charCodeAt(limit - 1))) return limit;
  graphemeSegmenter ??= typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
  if (!graphemeSegmenter) return limit;
  let from = Math.max(start, limit - GRAPHEME_LOOKBEHIND);
  if (isLowSurrogate(text.charCodeAt(from)) && from > start) from--;
  const window = text.slice(from, Math.min(text.length, limit + GRAPHEME_LOOKAHEAD));
  let best = -1;
  for (const { index } of graphemeSegmenter.segment(window)) {
    const boundary = from + index;
    if (boundary > limit) break;
    // The window's own start is a boundary only because the window starts there.
    if (boundary > from) best = boundary;
  }
  return best > start ? best : limit;
}

/**
 * Characters that never continue a grapheme cluster nor glue the next one on (no combining marks, joiners,
 * variation selectors, Prepend, Hangul jamo or surrogates): Latin-1 and spacing modifiers except CR (for
 * CRLF), CJK ideographs, kana without the combining sound marks, Hangul syllables.
 */
function isClusterStart(code: number): boolean {
  return (
    (code < 0x300 && code !== 0x0d) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3041 && code <= 0x3096) ||
    (code >= 0x30a1 && code <= 0x30fa) ||
    (code >= 0xac00 && code <= 0xd7a3)
  );
}

function skipWhitespace(text: string, i: number): number {
  while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
  return i;
}
