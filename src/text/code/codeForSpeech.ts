// Source code read for the ear. "Read Document" on a code file reads its documentation — the comments —
// because nobody wants `const x = foo(bar);` read aloud for an hour; a selection is read exactly as
// selected, because a user who selects code wants to hear that code.
//
// Comments are found by a small lexer per family of syntax that knows just enough about string literals
// not to take the `//` in "https://…" or the `#` in "#fff" for a comment. Their text then goes through
// the same flow as Markdown (doc comments are usually Markdown: `code`, *emphasis*, [links](…)).

import {
  BlockEnding,
  CodeBlockReading,
  DEFAULT_MARKDOWN_OPTIONS,
  markdownForSpeech,
  SpeechFlow,
  type MarkdownSpeechOptions,
  type TableReading,
} from '../markdown';
import { cleanForSpeech, sliceSpokenText, SpokenText } from '../spoken';
import { shortenUrls } from '../urls';

interface CommentSyntax {
  /** Line comment markers. */
  readonly line: readonly string[];
  /** Block comment delimiters, longest opener first where one is a prefix of another. */
  readonly blocks: ReadonlyArray<readonly [string, string]>;
  /** Block comments nest (Rust, Swift, Kotlin, Scala, Haskell). */
  readonly nested?: boolean;
  /** Characters that open a string literal closed by the same character. */
  readonly quotes: string;
  /** Strings may span lines (shell, Ruby, Perl, template literals); otherwise they end at the line. */
  readonly multilineQuotes?: string;
  /** `"""` and `'''` strings; in Python a triple-quoted string standing as a statement is a docstring. */
  readonly tripleQuotes?: boolean;
  readonly docstrings?: boolean;
  /** A line comment marker counts only at the start of a word (shell `$#`, YAML `a#b`, Perl `$#x`). */
  readonly markerAfterSpace?: boolean;
  /** `'` after a letter is an apostrophe or a Rust lifetime, not a string (`don't`, `'a`). */
  readonly apostropheLiterals?: boolean;
}

const SLASH: CommentSyntax = { line: ['//'], blocks: [['/*', '*/']], quotes: '"\'' };
/** `'` opens a char literal, not a string: C, Java, Rust, Go runes. */
const CHARS: CommentSyntax = { ...SLASH, apostropheLiterals: true };
const CHARS_NESTED: CommentSyntax = { ...CHARS, nested: true };
const SLASH_TEMPLATES: CommentSyntax = { ...SLASH, quotes: '"\'`', multilineQuotes: '`' };
const HASH: CommentSyntax = { line: ['#'], blocks: [], quotes: '"\'', multilineQuotes: '"\'', markerAfterSpace: true };
const DASH: CommentSyntax = { line: ['--'], blocks: [['/*', '*/']], quotes: '"\'' };

/**
 * Which comment syntax each VS Code language id uses. Languages not listed are not treated as code:
 * their documents are read as plain text.
 */
const LANGUAGES: Readonly<Record<string, CommentSyntax>> = {
  typescript: SLASH_TEMPLATES,
  typescriptreact: SLASH_TEMPLATES,
  javascript: SLASH_TEMPLATES,
  javascriptreact: SLASH_TEMPLATES,
  go: { ...CHARS, quotes: '"\'`', multilineQuotes: '`' },
  java: { ...CHARS, tripleQuotes: true },
  c: CHARS,
  cpp: CHARS,
  csharp: CHARS,
  'objective-c': CHARS,
  'objective-cpp': CHARS,
  rust: CHARS_NESTED,
  swift: { ...SLASH, nested: true, tripleQuotes: true },
  kotlin: { ...CHARS_NESTED, tripleQuotes: true },
  scala: { ...CHARS_NESTED, tripleQuotes: true },
  dart: { ...SLASH, tripleQuotes: true },
  groovy: { ...SLASH, tripleQuotes: true },
  php: { ...SLASH, line: ['//', '#'] },
  jsonc: SLASH,
  scss: SLASH,
  less: SLASH,
  css: { ...SLASH, line: [] }, // `//` is no comment in CSS: url(http://…)
  python: { ...HASH, multilineQuotes: '', tripleQuotes: true, docstrings: true, markerAfterSpace: false },
  shellscript: HASH,
  ruby: { ...HASH, markerAfterSpace: false, blocks: [['=begin', '=end']] },
  yaml: HASH,
  perl: HASH,
  r: { ...HASH, markerAfterSpace: false, multilineQuotes: '' },
  makefile: HASH,
  dockerfile: HASH,
  toml: { ...HASH, tripleQuotes: true, multilineQuotes: '' },
  powershell: { ...HASH, blocks: [['<#', '#>']] },
  elixir: { ...HASH, markerAfterSpace: false, tripleQuotes: true },
  julia: { ...HASH, markerAfterSpace: false, blocks: [['#=', '=#']], nested: true, tripleQuotes: true },
  sql: { ...DASH, quotes: '\'"`' },
  lua: {
    ...DASH,
    blocks: [
      ['--[==[', ']==]'],
      ['--[=[', ']=]'],
      ['--[[', ']]'],
    ],
  },
  haskell: { ...DASH, blocks: [['{-', '-}']], nested: true, quotes: '"', apostropheLiterals: true },
  html: { line: [], blocks: [['<!--', '-->']], quotes: '' },
  xml: { line: [], blocks: [['<!--', '-->']], quotes: '' },
};

const MARKDOWN_LANGUAGES = new Set(['markdown', 'mdx']);

/** Whether documents of `languageId` are source code (read by their comments, selections verbatim). */
export function isCodeLanguage(languageId: string): boolean {
  return Object.prototype.hasOwnProperty.call(LANGUAGES, languageId);
}

export function isMarkdownLanguage(languageId: string): boolean {
  return MARKDOWN_LANGUAGES.has(languageId);
}

/** One comment found by the lexer. */
interface Comment {
  readonly kind: 'line' | 'block' | 'docstring';
  /** Where its text lies: after the opening delimiter, before any closing one. */
  readonly textStart: number;
  readonly textEnd: number;
  /** Nothing but whitespace before it on its line. */
  readonly ownLine: boolean;
  /** The line number it starts on (for joining consecutive line comments). */
  readonly line: number;
}

/**
 * The comments of the source code `source` as spoken text (see {@link commentsFor} for what counts), with
 * their markers, JSDoc `*` leaders and tags' `@` dropped, decoration lines (`// -----`) and tool pragmas
 * (`eslint-disable`, `@ts-ignore`, `noqa`) skipped, and each comment or run of line comments ending a
 * sentence. An unknown language has no comments.
 */
export function commentsForSpeech(source: string, sourceOffset: number, languageId: string): SpokenText {
  const syntax = LANGUAGES[languageId];
  const flow = new SpeechFlow(source, sourceOffset);
  if (syntax) new CommentReader(source, flow).read(findComments(source, syntax));
  return flow.speak({ html: false });
}

export interface DocumentSpeechOptions {
  readonly codeBlocks: CodeBlockReading;
  /** Markdown tables (default `read`). */
  readonly tables?: TableReading;
  /** What "Read Document" reads of a code file: its comments, or everything. */
  readonly codeFiles: 'comments' | 'all';
  /**
   * Document offset to start speaking at (Read From Cursor). The whole text is still parsed, so that a
   * cursor inside a code fence or a block comment is understood; speech starts at the word there.
   */
  readonly from?: number;
}

/**
 * What "Read Document" and "Read From Cursor" say for `source` (document text starting at `sourceOffset`):
 * Markdown without its syntax, the comments of code (or all of it), plain text cleaned with URLs shortened.
 */
export function documentForSpeech(source: string, sourceOffset: number, languageId: string, options: DocumentSpeechOptions): SpokenText {
  let spoken: SpokenText;
  if (isMarkdownLanguage(languageId)) {
    spoken = markdownForSpeech(source, sourceOffset, {
      codeBlocks: options.codeBlocks,
      ...(options.tables ? { tables: options.tables } : {}),
    });
  } else if (isCodeLanguage(languageId)) {
    spoken = options.codeFiles === 'comments' ? commentsForSpeech(source, sourceOffset, languageId) : cleanForSpeech(source, sourceOffset);
  } else {
    spoken = plainTextForSpeech(source, sourceOffset);
  }
  return options.from === undefined ? spoken : fromDocumentOffset(spoken, options.from, sourceOffset + source.length);
}

/**
 * What "Read Selection" says: a Markdown selection without its syntax, a code selection exactly as
 * selected (cleaned only), other text cleaned with URLs shortened.
 */
export function selectionForSpeech(
  source: string,
  sourceOffset: number,
  languageId: string,
  options: MarkdownSpeechOptions = DEFAULT_MARKDOWN_OPTIONS,
): SpokenText {
  if (isMarkdownLanguage(languageId)) return markdownForSpeech(source, sourceOffset, options);
  if (isCodeLanguage(languageId)) return cleanForSpeech(source, sourceOffset);
  return plainTextForSpeech(source, sourceOffset);
}

/** Plain text: cleaned, and bare URLs read as "link to host". */
export function plainTextForSpeech(source: string, sourceOffset = 0): SpokenText {
  return shortenUrls(cleanForSpeech(source, sourceOffset));
}

/** The part of `spoken` from the word at document offset `offset` on (the word under the cursor whole). */
function fromDocumentOffset(spoken: SpokenText, offset: number, sourceEnd: number): SpokenText {
  const text = spoken.text;
  // The map runs forward through the document, so the first character ending past `offset` is found by
  // bisection.
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (spoken.sourceRange(mid, mid + 1).end > offset) hi = mid;
    else lo = mid + 1;
  }
  // Inside a word, or just after one (the cursor at its end, not at the end of the source), the word is
  // read whole: the same word whether the document is read whole or cut into windows.
  const inWord = lo < text.length && !/\s/.test(text.charAt(lo));
  const touching = lo > 0 && (inWord || (offset < sourceEnd && spoken.sourceRange(lo - 1, lo).end === offset));
  if (touching) while (lo > 0 && !/\s/.test(text.charAt(lo - 1))) lo--;
  return sliceSpokenText(spoken, lo);
}

// --- Finding comments ----------------------------------------------------------------------------------

/** The comments of `source` in order. Never throws; an unterminated comment or string runs to the end. */
function findComments(source: string, syntax: CommentSyntax): Comment[] {
  const comments: Comment[] = [];
  scanComments(source, syntax, 0, comments);
  return comments;
}

/**
 * The lexer behind {@link findComments}, from `start`: 0, or a line start where it is in its initial state
 * (see {@link commentCutAfter}). It collects the comments into `comments` if given, and calls `atLine` at
 * each line start it reaches outside every comment and string, with the depth of open brackets; a true
 * answer stops it there. Returns where it stopped (the end of the source if it never did).
 */
function scanComments(
  source: string,
  syntax: CommentSyntax,
  start: number,
  comments: Comment[] | undefined,
  atLine?: (lineStart: number, depth: number) => boolean,
): number {
  const length = source.length;
  const starters = tokenStarters(syntax);
  let line = 0;
  let lineStart = start;
  let depth = 0; // open brackets, for telling a Python docstring from a string argument
  let continued = false; // the previous line ended with "\" (Python)
  let i = start;
  // A shebang names the interpreter; it is not documentation.
  if (source.startsWith('#!', start)) i = lineEndOf(source, start);

  const newline = (at: number): void => {
    line++;
    lineStart = at + 1;
  };
  // The line breaks inside a comment or string, found with indexOf; the next one is remembered, so a
  // long line of many strings is not searched again for each.
  let nextBreak = -1;
  const newlinesIn = (from: number, to: number): void => {
    if (nextBreak < from) nextBreak = indexOrEnd(source.indexOf('\n', from), length);
    while (nextBreak < to) {
      newline(nextBreak);
      nextBreak = indexOrEnd(source.indexOf('\n', nextBreak + 1), length);
    }
  };
  // Where the current line's first non-blank character is, found once per line: rescanning the line's
  // indentation for every comment on it was quadratic on a line of blanks followed by many comments.
  let indentLine = -1;
  let indentEnd = 0;
  const onlySpaceBefore = (at: number): boolean => {
    if (indentLine !== line) {
      indentLine = line;
      indentEnd = lineStart;
      for (let c = source.charCodeAt(indentEnd); c === 0x20 || c === 0x09 || c === 0x0c || c === 0xfeff; c = source.charCodeAt(indentEnd))
        indentEnd++;
    }
    return at <= indentEnd;
  };

  while (i < length) {
    const c = source.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) {
      if (!(c === 0x0d && source.charCodeAt(i + 1) === 0x0a)) {
        continued = i > 0 && source.charCodeAt(i - 1) === 0x5c;
        newline(i);
        if (atLine?.(i + 1, depth)) return i + 1;
      }
      i++;
      continue;
    }
    const starts = c < 0x80 ? (starters[c] as number) : 0;
    if (starts === 0) {
      i++; // starts nothing: most characters of the source
      continue;
    }

    const block = starts & Starts.Comment ? syntax.blocks.find(([open]) => source.startsWith(open, i)) : undefined;
    if (block && blockAllowedAt(i, block[0], lineStart)) {
      const [open, close] = block;
      const closeAt = findBlockEnd(source, i + open.length, open, close, syntax.nested === true);
      const ownLine = onlySpaceBefore(i);
      comments?.push({ kind: 'block', textStart: i + open.length, textEnd: closeAt, ownLine, line });
      const end = Math.min(length, closeAt + close.length);
      newlinesIn(i, end);
      i = end;
      continue;
    }

    const marker = starts & Starts.Comment ? syntax.line.find((m) => source.startsWith(m, i)) : undefined;
    if (marker && lineMarkerAllowed(source, i, marker, syntax)) {
      const end = lineEndOf(source, i);
      comments?.push({ kind: 'line', textStart: i + marker.length, textEnd: end, ownLine: onlySpaceBefore(i), line });
      i = end;
      continue;
    }
    if (marker === '--') {
      // A run of dashes that is not a comment (Haskell's "-->") is one operator: skip it whole, or each
      // dash in a long run would rescan the rest of it.
      while (source.charCodeAt(i) === 0x2d) i++;
      continue;
    }

    if (starts & Starts.TripleQuote && (source.startsWith('"""', i) || source.startsWith("'''", i))) {
      const quote = source.slice(i, i + 3);
      let close = source.indexOf(quote, i + 3);
      while (close > 0 && isEscaped(source, close)) close = source.indexOf(quote, close + 1);
      const textEnd = close < 0 ? length : close;
      const end = close < 0 ? length : close + 3;
      if (
        syntax.docstrings &&
        depth === 0 &&
        !continued &&
        onlySpaceBefore(stringPrefixStart(source, i, lineStart)) &&
        standsAlone(source, end)
      ) {
        comments?.push({ kind: 'docstring', textStart: i + 3, textEnd, ownLine: true, line });
      }
      newlinesIn(i, end);
      i = end;
      continue;
    }

    if (starts & Starts.Quote) {
      const end = stringEnd(source, i, syntax);
      newlinesIn(i, end);
      i = end;
      continue;
    }

    if (c === 0x28 || c === 0x5b || c === 0x7b) depth++;
    else if ((c === 0x29 || c === 0x5d || c === 0x7d) && depth > 0) depth--;
    i++;
  }
  return length;
}

function indexOrEnd(index: number, length: number): number {
  return index < 0 ? length : index;
}

/** What a character may start, as bits of {@link tokenStarters}' table. */
const enum Starts {
  Comment = 1,
  Quote = 2,
  TripleQuote = 4,
  /** Counted only where a string may be a docstring (Python). */
  Bracket = 8,
}

const starterTables = new WeakMap<CommentSyntax, Uint8Array>();

/**
 * What each ASCII character can start that the lexer looks at (a comment, a string, a bracket that
 * counts): every other character is stepped over at once, and a bracket is never tried as a comment, so
 * a 10 MB file is lexed several times faster.
 */
function tokenStarters(syntax: CommentSyntax): Uint8Array {
  let table = starterTables.get(syntax);
  if (!table) {
    const starters = new Uint8Array(0x80);
    const mark = (characters: string, kind: Starts): void => {
      for (const c of characters) if (c.charCodeAt(0) < 0x80) starters[c.charCodeAt(0)]! |= kind;
    };
    for (const opener of [...syntax.blocks.map(([open]) => open), ...syntax.line]) mark(opener.charAt(0), Starts.Comment);
    mark(syntax.quotes, Starts.Quote);
    if (syntax.tripleQuotes) mark(`"'`, Starts.TripleQuote);
    if (syntax.docstrings) mark('([{)]}', Starts.Bracket);
    starterTables.set(syntax, starters);
    table = starters;
  }
  return table;
}

/**
 * The first line start at or after `min` where a code file may be cut, scanning from `start` (0 or such a
 * cut), or the end of `source` if there is none. Read by its comments on its own, each part then says
 * exactly what the whole says there: the line is not blank and follows a blank line (so no run of line
 * comments is split), it lies outside every comment and string, outside brackets where a string can be a
 * docstring (Python), and it is no `#!` line (only the first line can be a shebang). From `fallbackFrom`
 * on, the line before need not be blank: a run of line comments may then be cut, read as two paragraphs.
 */
export function commentCutAfter(source: string, languageId: string, start: number, min: number, fallbackFrom = Infinity): number {
  const syntax = LANGUAGES[languageId];
  if (!syntax) return Math.max(start, Math.min(min, source.length)); // nothing is read: any offset is as good
  return scanComments(
    source,
    syntax,
    start,
    undefined,
    (lineStart, depth) => lineStart >= min && isCommentCut(source, syntax, lineStart, depth, lineStart >= fallbackFrom),
  );
}

function isCommentCut(source: string, syntax: CommentSyntax, lineStart: number, depth: number, anyLine: boolean): boolean {
  if (lineStart < 1 || source.charCodeAt(lineStart - 1) !== 0x0a) return false;
  if (!anyLine) {
    // Most lines follow a line that is not blank, which its last character tells.
    const before = source.charCodeAt(lineStart - 2);
    if (lineStart < 2 || !(before === 0x0a || before === 0x0d || isBlank(before))) return false;
    if (!isBlankLine(source, source.lastIndexOf('\n', lineStart - 2) + 1)) return false;
  }
  return !((syntax.docstrings && depth > 0) || source.startsWith('#!', lineStart) || isBlankLine(source, lineStart));
}

/** Whether the line starting at `lineStart` has nothing but blanks before its line break. */
function isBlankLine(source: string, lineStart: number): boolean {
  for (let k = lineStart; k < source.length; k++) {
    const c = source.charCodeAt(k);
    if (c === 0x0a) return true;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0c) return false;
  }
  return true;
}

function blockAllowedAt(i: number, open: string, lineStart: number): boolean {
  // Ruby's =begin/=end only count at the start of a line.
  return open !== '=begin' || i === lineStart;
}

function lineMarkerAllowed(source: string, i: number, marker: string, syntax: CommentSyntax): boolean {
  if (syntax.markerAfterSpace && i > 0) {
    const before = source.charCodeAt(i - 1);
    if (!(before === 0x20 || before === 0x09 || before === 0x0a || before === 0x0d || before === 0x3b /* ; */)) return false;
  }
  if (marker === '--' && syntax.blocks.some(([open]) => open === '{-')) {
    // Haskell: "-->" or "--|" is an operator, not a comment.
    let k = i + 2;
    while (source.charCodeAt(k) === 0x2d) k++;
    if (k < source.length && '!#$%&*+./<=>?@\\^|~:'.includes(source.charAt(k)) && source.charAt(k) !== '|') return false;
  }
  return true;
}

/** Where the block comment whose text starts at `from` closes (the close delimiter's offset, or the end). */
function findBlockEnd(source: string, from: number, open: string, close: string, nested: boolean): number {
  if (!nested) {
    const end = source.indexOf(close, from);
    return end < 0 ? source.length : end;
  }
  let depth = 1;
  let i = from;
  while (i < source.length) {
    if (source.startsWith(close, i)) {
      if (--depth === 0) return i;
      i += close.length;
    } else if (source.startsWith(open, i)) {
      depth++;
      i += open.length;
    } else {
      i++;
    }
  }
  return source.length;
}

/** End (exclusive) of the string literal opened by the quote at `i`. */
function stringEnd(source: string, i: number, syntax: CommentSyntax): number {
  const quote = source.charCodeAt(i);
  if (quote === 0x27 && syntax.apostropheLiterals) {
    // A char literal is short: 'a', '\n', '\u{1F600}'. Anything else is a lifetime or a prime.
    let close = i + 1;
    while (close < source.length && close - i <= 12 && !"'\n\r".includes(source.charAt(close)))
      close += source.charCodeAt(close) === 0x5c ? 2 : 1;
    if (source.charCodeAt(close) !== 0x27 || close - i > 12) return i + 1;
  }
  const multiline = syntax.multilineQuotes?.includes(source.charAt(i)) ?? false;
  if (
    quote === 0x27 &&
    i > 0 &&
    /[A-Za-z0-9]/.test(source.charAt(i - 1)) &&
    !(syntax.docstrings && /[rRbBuUfF]/.test(source.charAt(i - 1)))
  ) {
    return i + 1; // an apostrophe inside a word (YAML "it's value"), not a string
  }
  let k = i + 1;
  while (k < source.length) {
    const c = source.charCodeAt(k);
    if (c === 0x5c) {
      k += 2;
      continue;
    }
    if (c === quote) return k + 1;
    if ((c === 0x0a || c === 0x0d) && !multiline) return k;
    k++;
  }
  return source.length;
}

function isEscaped(source: string, i: number): boolean {
  let backslashes = 0;
  while (i - backslashes - 1 >= 0 && source.charCodeAt(i - backslashes - 1) === 0x5c) backslashes++;
  return backslashes % 2 === 1;
}

/** Start of a Python string's prefix letters (r"""…""", u'''…'''). */
function stringPrefixStart(source: string, i: number, lineStart: number): number {
  let k = i;
  while (k > lineStart && k > i - 2 && /[rRuUbBfF]/.test(source.charAt(k - 1))) k--;
  return k;
}

/** Whether only whitespace or a comment follows `end` on its line: the string is a statement by itself. */
function standsAlone(source: string, end: number): boolean {
  for (let k = end; k < source.length; k++) {
    const c = source.charCodeAt(k);
    if (c === 0x0a || c === 0x0d || c === 0x23 /* # */ || c === 0x3b /* ; */) return true;
    if (c !== 0x20 && c !== 0x09) return false;
  }
  return true;
}

/** The first line break at or after `from`, or `until` (default: the end of the source) if none comes first. */
function lineEndOf(source: string, from: number, until = source.length): number {
  for (let k = from; k < until; k++) {
    const c = source.charCodeAt(k);
    if (c === 0x0a || c === 0x0d) return k;
  }
  return until;
}

// --- Reading comments ----------------------------------------------------------------------------------

/** Comments that are instructions to tools, not documentation. */
const PRAGMA =
  /^(?:[#@]?__[A-Z_]+__$|eslint[- ]|eslint$|prettier-ignore|@ts-(?:ignore|expect-error|nocheck|check)|tslint:|jshint|istanbul |c8 |v8 ignore|noqa|type:\s*ignore|pylint:|mypy:|fmt:\s*(?:off|on|skip)|isort:|NOLINT|clang-format|cspell:|spell-checker:|rubocop:|shellcheck |@formatter:|language=|-\*-|coding[:=]|vim?:)/i;

/** Characters that frame a comment line when three or more of them stand at one end. */
const FRAME_CHARACTERS = '=*#~_+/-';

/** Length of the run of framing characters at the start (`direction` 1) or end (-1) of `[from, to)`. */
function frameLength(source: string, from: number, to: number, direction: 1 | -1): number {
  let length = 0;
  let i = direction === 1 ? from : to - 1;
  while (i >= from && i < to && FRAME_CHARACTERS.includes(source.charAt(i))) {
    length++;
    i += direction;
  }
  return length >= 3 ? length : 0;
}

/** Leaders repeated after a marker that are part of it: `///`, `//!`, `##`, `---`, `/**`, `{-|`, `-- |`. */
const EXTRA_LEADERS = '/!#*-|^';

class CommentReader {
  /** Whether a paragraph is open in the flow, and the comment it belongs to. */
  private open = false;

  constructor(
    private readonly source: string,
    private readonly flow: SpeechFlow,
  ) {}

  read(comments: readonly Comment[]): void {
    let previous: Comment | undefined;
    for (const comment of comments) {
      // Consecutive line comments are one thought, hard-wrapped; anything else starts afresh.
      const continues =
        previous !== undefined &&
        previous.kind === 'line' &&
        comment.kind === 'line' &&
        comment.line === previous.line + 1 &&
        comment.ownLine === previous.ownLine;
      if (!continues) this.breakParagraph();
      if (comment.kind === 'line') this.commentLine(comment.textStart, comment.textEnd, true);
      else this.blockComment(comment);
      previous = comment;
    }
    this.breakParagraph();
  }

  private blockComment(comment: Comment): void {
    const { source } = this;
    let lineStart = comment.textStart;
    let first = true;
    while (lineStart <= comment.textEnd) {
      // Bounded by the comment's end: scanning on to the end of the physical line made a line of many
      // comments (`/*/*/*…`, a minified bundle's `/*#__PURE__*/`) quadratic.
      const lineEnd = lineEndOf(source, lineStart, comment.textEnd);
      const last = lineEnd >= comment.textEnd;
      let from = lineStart;
      let to = lineEnd;
      if (comment.kind === 'block') {
        if (first) {
          while (from < to && EXTRA_LEADERS.includes(source.charAt(from))) from++;
        } else {
          // The JSDoc leader: " * text".
          from = skipBlank(source, from, to);
          if (source.charCodeAt(from) === 0x2a && source.charCodeAt(from + 1) !== 0x2a) from++;
        }
        if (last) while (to > from && (source.charCodeAt(to - 1) === 0x2a || source.charCodeAt(to - 1) === 0x2d)) to--;
      }
      this.commentLine(from, to, false);
      first = false;
      if (last) break;
      lineStart = source.charCodeAt(lineEnd) === 0x0d && source.charCodeAt(lineEnd + 1) === 0x0a ? lineEnd + 2 : lineEnd + 1;
    }
    this.breakParagraph();
  }

  /** One line of comment text (after its marker for a line comment). */
  private commentLine(start: number, end: number, lineComment: boolean): void {
    const { source } = this;
    let from = start;
    if (lineComment) while (from < end && EXTRA_LEADERS.includes(source.charAt(from))) from++;
    from = skipBlank(source, from, end);
    let to = end;
    while (to > from && isBlank(source.charCodeAt(to - 1))) to--;
    // Framing like "====== Section ======" is decoration around the words.
    const lead = frameLength(source, from, to, 1);
    if (lead > 0) from = skipBlank(source, from + lead, to);
    const trail = frameLength(source, from, to, -1);
    if (trail > 0) {
      to -= trail;
      while (to > from && isBlank(source.charCodeAt(to - 1))) to--;
    }
    // Haddock's "-- |" and "-- ^" mark documentation; the mark itself says nothing.
    if (lineComment && (source.charCodeAt(from) === 0x7c || source.charCodeAt(from) === 0x5e) && isBlank(source.charCodeAt(from + 1))) {
      from = skipBlank(source, from + 1, to);
    }
    const text = source.slice(from, to);
    if (!/[\p{L}\p{N}]/u.test(text) || PRAGMA.test(text)) {
      // Blank, a rule of dashes or stars, or a tool's instruction: a pause, not words.
      this.breakParagraph();
      return;
    }
    if (source.charCodeAt(from) === 0x40 /* @ */ && /^@[A-Za-z]/.test(text)) {
      // A JSDoc/Javadoc tag starts its own sentence, read without its "@": "param name the name".
      this.breakParagraph();
      from++;
    }
    this.addText(from, to);
  }

  /** Adds comment text, reading `{@link Target}` and `{@link Target|label}` as the target or label. */
  private addText(from: number, to: number): void {
    const { source, flow } = this;
    if (!this.open) flow.begin(true, BlockEnding.Sentence, from);
    this.open = true;
    flow.addLine(from, from); // the line break from the previous line, if any
    // Bounded repeats: unbounded, a long line of unclosed "{@link a " was scanned to its end from each one.
    const link = /\{@(?:link|linkcode|linkplain)\s{1,20}([^}|\s]{1,200})(?:\s{0,20}\|\s{0,20}|\s{1,20})?([^}]{0,200})\}/g;
    const text = source.slice(from, to);
    let copied = 0;
    for (let match = link.exec(text); match; match = link.exec(text)) {
      flow.addPiece(from + copied, from + match.index);
      const label = match[2]?.trim() ?? '';
      const labelStart = label ? from + match.index + match[0].lastIndexOf(label) : -1;
      const targetStart = from + match.index + match[0].indexOf(match[1] ?? '', 6);
      const [pieceStart, pieceEnd] = label ? [labelStart, labelStart + label.length] : [targetStart, targetStart + (match[1] ?? '').length];
      flow.addPiece(pieceStart, pieceEnd);
      copied = match.index + match[0].length;
    }
    flow.addPiece(from + copied, to);
  }

  private breakParagraph(): void {
    if (this.open) this.flow.end();
    this.open = false;
  }
}

function skipBlank(source: string, from: number, to: number): number {
  while (from < to && isBlank(source.charCodeAt(from))) from++;
  return from;
}

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0c;
}
