// Turns document text into text fit to send to Edge, keeping a map back to the document.

import { isHighSurrogate, isLowSurrogate, isWhitespace } from './chars';
import { composeSpokenText, SpokenText, SpokenTextBuilder } from './spokenText';

const enum Kind {
  Content,
  Space,
  LineBreak,
  ParagraphBreak,
}

/**
 * Cleans `source` for speech:
 * - control characters (C0 except tab/LF/CR, DEL, C1), lone surrogates and U+FFFE/U+FFFF count as spaces:
 *   the service rejects some of them (vertical tab from OCR-ed PDFs, per edge-tts) and XML forbids others;
 * - CRLF, CR, LF and U+2028 are line breaks, U+2029 a paragraph break;
 * - whitespace within a line collapses to one space, whitespace that spans one line break to "\n", and
 *   whitespace spanning blank lines to "\n\n" (the splitter's preferred cut);
 * - leading and trailing whitespace is dropped.
 * Everything else (emoji, RTL text, combining marks, zero-width joiners) is copied unchanged, so words map
 * back to their exact document range. `sourceOffset` is added to every offset the result reports.
 */
export function cleanForSpeech(source: string, sourceOffset = 0): SpokenText {
  const builder = new SpokenTextBuilder(source, sourceOffset);
  const length = source.length;
  let contentStart = -1; // start of the content run being scanned, or -1
  let spaceStart = -1; // start of the whitespace run being scanned, or -1
  let breaks = 0; // line breaks in that whitespace run (a paragraph break counts as two)

  let i = 0;
  while (i < length) {
    const code = source.charCodeAt(i);
    let kind: Kind;
    let width = 1;
    if (code === 0x0a || code === 0x2028) {
      kind = Kind.LineBreak;
    } else if (code === 0x0d) {
      kind = Kind.LineBreak;
      if (source.charCodeAt(i + 1) === 0x0a) width = 2;
    } else if (code === 0x2029) {
      kind = Kind.ParagraphBreak;
    } else if (isSpeechSpace(code)) {
      kind = Kind.Space;
    } else if (isHighSurrogate(code)) {
      if (isLowSurrogate(source.charCodeAt(i + 1))) {
        kind = Kind.Content;
        width = 2;
      } else {
        kind = Kind.Space;
      }
    } else {
      kind = isLowSurrogate(code) ? Kind.Space : Kind.Content; // a low surrogate here has no high one
    }

    if (kind === Kind.Content) {
      if (spaceStart >= 0) {
        // Whitespace before the first content is leading and dropped.
        if (builder.length > 0) appendSeparator(builder, source, spaceStart, i, breaks);
        spaceStart = -1;
      }
      if (contentStart < 0) contentStart = i;
    } else {
      if (contentStart >= 0) {
        builder.appendSource(contentStart, i);
        contentStart = -1;
      }
      if (spaceStart < 0) {
        spaceStart = i;
        breaks = 0;
      }
      if (kind === Kind.LineBreak) breaks += 1;
      else if (kind === Kind.ParagraphBreak) breaks += 2;
    }
    i += width;
  }
  if (contentStart >= 0) builder.appendSource(contentStart, length);
  // A whitespace run still open here is trailing and dropped.
  return builder.build();
}

/**
 * {@link cleanForSpeech} applied to text that is already a transformation of the document (Markdown with
 * its syntax removed, say), keeping the map all the way back to the document.
 */
export function cleanSpokenText(spoken: SpokenText): SpokenText {
  return composeSpokenText(cleanForSpeech(spoken.text), spoken);
}

/** Characters spoken as a plain space, beyond the line and paragraph breaks handled separately. */
function isSpeechSpace(code: number): boolean {
  return isWhitespace(code) || code <= 0x1f || (code >= 0x7f && code <= 0x9f) || code === 0xfffe || code === 0xffff;
}

/** Appends what the whitespace run `source[start, end)` between two pieces of content is spoken as. */
function appendSeparator(builder: SpokenTextBuilder, source: string, start: number, end: number, breaks: number): void {
  const separator = breaks === 0 ? ' ' : breaks === 1 ? '\n' : '\n\n';
  // Copy rather than replace when the source already is the separator: copies of adjacent source merge
  // into one run, so ordinary prose costs a single run however long it is.
  if (end - start === separator.length && source.startsWith(separator, start)) builder.appendSource(start, end);
  else builder.appendReplacement(separator, start, end);
}
