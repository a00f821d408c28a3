// Where text may be cut: sentence ends, clause ends and paragraph breaks.
// Each test looks only a few characters around one position, so a scan over a whole document stays linear.

import { isWhitespace } from '../spoken';

/** What a UTF-16 code unit can do for a cut. */
export const enum CharClass {
  Other,
  Space,
  /** "\n" only: the form `cleanForSpeech` gives every line break. */
  LineBreak,
  /** . ! ? … and Arabic/Devanagari marks: end a sentence only when whitespace follows. */
  Terminal,
  /** 。！？｡: CJK writes no space after them, so they always end a sentence. */
  EastAsianTerminal,
  /** , ; : and their Arabic and CJK forms, dashes. */
  Clause,
  /** Closing quotes and brackets, which stay with the sentence they close: `"Stop!" he said.` */
  Closer,
}

// One table lookup per character instead of a chain of comparisons: the split scans every character.
const CLASSES = buildClassTable();

function buildClassTable(): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (let code = 0; code < 0x10000; code++) {
    if (isWhitespace(code)) table[code] = CharClass.Space;
  }
  const set = (chars: string, charClass: CharClass): void => {
    for (const c of chars) table[c.charCodeAt(0)] = charClass;
  };
  set('\n', CharClass.LineBreak);
  set('.!?\u2026\u203c\u061f\u06d4\u0964\u0965', CharClass.Terminal); // … ‼ ؟ ۔ । ॥
  set('\u3002\uff01\uff1f\uff61', CharClass.EastAsianTerminal);
  set(',;:\u060c\u061b\u3001\uff0c\uff1b\uff1a\u2014\u2013', CharClass.Clause); // ، ؛ 、 ， ； ： — –
  set('"\')]}»”’›」』）】〉》〕〗〙〛＂＇］｝｣', CharClass.Closer);
  return table;
}

export function charClass(code: number): CharClass {
  return CLASSES[code] ?? CharClass.Other;
}

function isTerminal(code: number): boolean {
  const c = charClass(code);
  return c === CharClass.Terminal || c === CharClass.EastAsianTerminal;
}

// Lower-case words that are abbreviations when followed by "." (and not sentence ends). Dotted forms like
// "e.g", "i.e", "U.S", "a.m" are recognised by shape instead, and single capitals as initials.
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'mx',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'mt',
  'rev',
  'hon',
  'gen',
  'col',
  'lt',
  'sgt',
  'capt',
  'vs',
  'etc',
  'al',
  'cf',
  'viz',
  'approx',
  'ca',
  'incl',
  'resp',
  'dept',
  'est',
  'fig',
  'figs',
  'eq',
  'eqs',
  'vol',
  'vols',
  'pp',
  'ch',
  'ph.d',
  'jan',
  'feb',
  'apr',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
]);

const LONGEST_ABBREVIATION = Math.max(...[...ABBREVIATIONS].map((word) => word.length));

/** Longest word looked at when deciding whether "word." is an abbreviation. */
const MAX_ABBREVIATION_LENGTH = 12;
/** How far past a sentence end to look for the next word (to see whether it starts in lower case). */
const MAX_LOOKAHEAD = 32;

const LETTER_DIGIT_OR_MARK = /[\p{L}\p{N}\p{M}]/u;
const DOTTED_INITIALS = /^[A-Za-z](\.[A-Za-z])+$/; // e.g, i.e, U.S, U.S.A, a.m
const LOWERCASE = /\p{Ll}/u;

/**
 * If a sentence ends with the punctuation at `i`, returns the offset just past it and any closing quotes or
 * brackets; otherwise -1. For a run like "?!" or "..." only its first character answers.
 *
 * Not a sentence end: "." inside a number or name (3.14, 1.2.3, example.com: no whitespace follows), after
 * a known abbreviation (Dr., etc., e.g., U.S.), after a single capital (J. R. R. Tolkien), after a list
 * number at the start of a line ("1. First"), or anything followed by a lower-case word ("Wait... what",
 * `"Really?" she asked`).
 */
export function sentenceEndAfter(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (!isTerminal(code) || (i > 0 && isTerminal(text.charCodeAt(i - 1)))) return -1;
  const length = text.length;
  let end = i;
  let eastAsian = false;
  while (end < length && isTerminal(text.charCodeAt(end))) {
    eastAsian ||= charClass(text.charCodeAt(end)) === CharClass.EastAsianTerminal;
    end++;
  }
  const runLength = end - i;
  end = skipClosers(text, end);
  if (eastAsian) return end;
  if (end < length && !isWhitespace(text.charCodeAt(end))) return -1;
  if (runLength === 1 && code === 0x2e && isAbbreviationBefore(text, i)) return -1;
  if (nextWordIsLowercase(text, end)) return -1;
  return end;
}

/** Whether the "." at `dot` ends an abbreviation, an initial or a list number rather than a sentence. */
function isAbbreviationBefore(text: string, dot: number): boolean {
  let start = dot;
  let dotted = false;
  while (start > 0 && dot - start <= MAX_ABBREVIATION_LENGTH) {
    const c = text.charCodeAt(start - 1);
    if (c === 0x2e) dotted = true;
    else if (!isAsciiLetter(c)) break;
    start--;
  }
  if (start === dot) return isListNumber(text, dot);
  if (start > 0 && isWordCharacter(text, start - 1)) return false; // the end of a longer, non-ASCII word
  if (dot - start === 1) return isAsciiUpper(text.charCodeAt(start));
  if (!dotted && dot - start > LONGEST_ABBREVIATION) return false; // most words: skip the slice
  const word = text.slice(start, dot);
  return ABBREVIATIONS.has(word.toLowerCase()) || (dotted && DOTTED_INITIALS.test(word));
}

/** "12." at the start of a line numbers a list item; it does not end a sentence. */
function isListNumber(text: string, dot: number): boolean {
  let start = dot;
  while (start > 0 && dot - start < 3 && isAsciiDigit(text.charCodeAt(start - 1))) start--;
  if (start === dot) return false;
  return start === 0 || text.charCodeAt(start - 1) === 0x0a;
}

function nextWordIsLowercase(text: string, from: number): boolean {
  const limit = Math.min(text.length, from + MAX_LOOKAHEAD);
  let i = from;
  while (i < limit && isWhitespace(text.charCodeAt(i))) i++;
  if (i >= limit) return false;
  const code = text.codePointAt(i) ?? 0;
  if (code < 0x80) return code >= 0x61 && code <= 0x7a;
  return LOWERCASE.test(String.fromCodePoint(code));
}

/**
 * If a clause ends with the punctuation at `i` (, ; : and their Arabic and CJK forms, an em dash, a spaced
 * en dash), returns the offset just past it and any closers; otherwise -1. ASCII marks need whitespace
 * after them, so 1,000 and 10:30 and http:// are not cut.
 */
export function clauseEndAfter(text: string, i: number): number {
  const code = text.charCodeAt(i);
  const length = text.length;
  switch (code) {
    case 0x2c: // ,
    case 0x3b: // ;
    case 0x3a: // :
    case 0x060c: // ، Arabic comma
    case 0x061b: {
      // ؛ Arabic semicolon
      const end = skipClosers(text, i + 1);
      return end === length || isWhitespace(text.charCodeAt(end)) ? end : -1;
    }
    case 0x3001: // 、
    case 0xff0c: // ，
    case 0xff1b: // ；
    case 0xff1a: // ：
      return i + 1;
    case 0x2014: // — cuts even unspaced ("word—word"), after the whole run
      if (i > 0 && text.charCodeAt(i - 1) === 0x2014) return -1;
      return runEnd(text, i, 0x2014);
    case 0x2013: // – only spaced, since 1–5 is a range
      return i > 0 && isWhitespace(text.charCodeAt(i - 1)) && isWhitespace(text.charCodeAt(i + 1)) ? i + 1 : -1;
    default:
      return -1;
  }
}

/**
 * Whether the "\n" at `i` starts a paragraph break: a blank line, possibly holding other whitespace.
 * Line breaks are recognised as `cleanForSpeech` writes them, "\n"; a lone CR or U+2028 in uncleaned text
 * counts as plain whitespace.
 */
export function isParagraphBreakAt(text: string, i: number): boolean {
  if (text.charCodeAt(i) !== 0x0a) return false;
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x0a) return true;
    if (!isWhitespace(c)) return false;
  }
  return false;
}

function skipClosers(text: string, i: number): number {
  while (i < text.length && charClass(text.charCodeAt(i)) === CharClass.Closer) i++;
  return i;
}

function runEnd(text: string, i: number, code: number): number {
  let end = i;
  while (end < text.length && text.charCodeAt(end) === code) end++;
  return end;
}

function isWordCharacter(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 0x80) return isAsciiLetter(code) || isAsciiDigit(code);
  return LETTER_DIGIT_OR_MARK.test(String.fromCodePoint(text.codePointAt(i) ?? code));
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function isAsciiUpper(code: number): boolean {
  return code >= 0x41 && code <= 0x5a;
}

function isAsciiDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}
