// Cuts a big document into windows that can be made ready for speech one at a time, so the first request
// leaves at once instead of after the whole document is parsed. A cut is only made where nothing spans it:
// Markdown at the start of an unindented line after a blank line, outside code fences, HTML comments, math
// blocks and front matter; plain text and code read whole after a blank line (code read by its comments is
// cut by commentWindows.ts). Pure: no vscode import.

/**
 * How a passage may be cut: Markdown between blocks, plain text between paragraphs, code read whole
 * (`readAloud.codeFiles: all`, selections) at any blank line, code read by its comments (`{ comments:
 * languageId }`) where that language's comment lexer is at rest.
 */
export type WindowKind = 'markdown' | 'plain' | 'code' | { readonly comments: string };

/** The windows of one passage, computed as they are asked for. */
export interface PassageWindows {
  /** Where the window holding `offset` starts. */
  windowStartFor(offset: number): number;
  /** Every window from `start` (a window start) to the end, as [start, end) pairs. */
  windowsFrom(start: number): Generator<readonly [number, number]>;
}

/** Documents up to this size are prepared whole, exactly as before (it takes a few milliseconds). */
export const WHOLE_DOCUMENT_LIMIT = 64 * 1024;
/** A window is at least this long (a few requests' worth), then ends at the next safe cut. */
export const WINDOW_TARGET_CHARS = 32 * 1024;
/**
 * The first window is shorter: it is all that is prepared before the first request, and code said as a
 * developer says it costs some ten times more per character than Markdown.
 */
export const FIRST_WINDOW_TARGET_CHARS = 8 * 1024;

/** How big a passage must be to be cut, and how long a window is at least (tests cut small passages finely). */
export interface WindowSizes {
  readonly wholeUpTo: number;
  readonly target: number;
  /** The first window's target (default: `target`). */
  readonly first?: number;
  /**
   * How far past a window's start to look for a cut that changes nothing before settling for one that
   * may split a sentence, so that no window holds the host for long (default: 4 × the window's target).
   */
  readonly fallbackAfter?: number;
}
export const DEFAULT_WINDOW_SIZES: WindowSizes = {
  wholeUpTo: WHOLE_DOCUMENT_LIMIT,
  target: WINDOW_TARGET_CHARS,
  first: FIRST_WINDOW_TARGET_CHARS,
};

const BLANK_LINE = /\r?\n[ \t]*\r?\n/g;

export class DocumentWindows implements PassageWindows {
  /** Sorted, disjoint [start, end) ranges no cut may fall inside (Markdown only). */
  private readonly unsafe: ReadonlyArray<readonly [number, number]>;

  constructor(
    private readonly text: string,
    private readonly kind: 'markdown' | 'plain' | 'code',
    private readonly sizes = DEFAULT_WINDOW_SIZES,
  ) {
    this.unsafe = kind === 'markdown' ? markdownSpans(text) : [];
  }

  /** Where the window holding `offset` starts: the last safe cut at or before it (0 if none). */
  windowStartFor(offset: number): number {
    if (this.text.length <= this.sizes.wholeUpTo) {
      return 0;
    }
    let end = Math.min(offset, this.text.length);
    // Walk back over blank lines before `end` until one makes a safe cut.
    while (end > 0) {
      const blank = this.text.lastIndexOf('\n', end - 1);
      if (blank < 0) {
        return 0;
      }
      const cut = this.cutAfterBlank(blank);
      if (cut !== undefined && cut <= offset) {
        return cut;
      }
      end = blank;
    }
    return 0;
  }

  /** Where the window starting at `start` ends: the first safe cut after `start + target`, or the end. */
  windowEnd(start: number, target = this.sizes.target): number {
    const length = this.text.length;
    if (length <= this.sizes.wholeUpTo || start + target >= length) {
      return length;
    }
    BLANK_LINE.lastIndex = start + target;
    for (let match = BLANK_LINE.exec(this.text); match; match = BLANK_LINE.exec(this.text)) {
      const cut = this.cutAfterBlank(match.index);
      if (cut !== undefined) {
        return cut;
      }
      if (this.kind !== 'markdown' && match.index > start + this.fallbackChars(target)) {
        break;
      }
      // Overlapping blank lines: look again from the second line break.
      BLANK_LINE.lastIndex = match.index + 1;
    }
    return this.kind !== 'markdown' ? this.lineFallback(start, target) : length;
  }

  /** Every window from `start` to the end, as [start, end) pairs, computed as they are asked for. */
  *windowsFrom(start: number): Generator<readonly [number, number]> {
    let at = start;
    while (at < this.text.length) {
      const end = this.windowEnd(at, at === start ? (this.sizes.first ?? this.sizes.target) : this.sizes.target);
      yield [at, end];
      at = end;
    }
  }

  /**
   * The safe cut after the line break at `lineBreak`, if that line break is followed by blank lines and
   * then a line outside every unsafe span, unindented unless it is code (whose indentation cleaning drops).
   */
  private cutAfterBlank(lineBreak: number): number | undefined {
    const text = this.text;
    let at = lineBreak + 1;
    let blankLines = 0;
    for (;;) {
      let lineEnd = at;
      while (lineEnd < text.length && (text[lineEnd] === ' ' || text[lineEnd] === '\t' || text[lineEnd] === '\r')) {
        lineEnd++;
      }
      if (text[lineEnd] !== '\n') {
        break;
      }
      blankLines++;
      at = lineEnd + 1;
    }
    // The line before `lineBreak` must be blank too, or a blank line must follow it.
    const previousBlank = /^[ \t\r]*$/.test(text.slice(text.lastIndexOf('\n', lineBreak - 1) + 1, lineBreak));
    if ((blankLines === 0 && !previousBlank) || at >= text.length || at === 0) {
      return undefined;
    }
    const first = text[at];
    if (((first === ' ' || first === '\t') && this.kind !== 'code') || this.insideUnsafe(at)) {
      return undefined;
    }
    return at;
  }

  /**
   * Plain text and code with no blank line for this long are cut at a line break, then at a space: a
   * sentence may be read as two there, but no window holds the host for long.
   */
  private fallbackChars(target: number): number {
    return this.sizes.fallbackAfter ?? 4 * target;
  }

  private lineFallback(start: number, target: number): number {
    const text = this.text;
    if (start + this.fallbackChars(target) >= text.length) {
      return text.length; // the rest is short enough to be one window
    }
    const from = start + target;
    const lineBreak = text.indexOf('\n', from);
    if (lineBreak >= 0 && lineBreak < start + this.fallbackChars(target)) {
      return lineBreak + 1;
    }
    const space = text.indexOf(' ', from);
    const limit = start + this.fallbackChars(target);
    return space >= 0 && space < limit ? space + 1 : Math.min(text.length, limit);
  }

  private insideUnsafe(offset: number): boolean {
    let lo = 0;
    let hi = this.unsafe.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const [start, end] = this.unsafe[mid] as readonly [number, number];
      if (offset < start) {
        hi = mid - 1;
      } else if (offset >= end) {
        lo = mid + 1;
      } else {
        return true;
      }
    }
    return false;
  }
}

/**
 * Markdown blocks that may contain blank lines: fenced code, HTML comments, `$$` math, front matter.
 * Found by their (rare) markers with indexOf, so a 10 MB document takes milliseconds.
 */
export function markdownSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let at = 0;
  const frontMatter = /^---[ \t]*\r?\n/.exec(text);
  if (frontMatter) {
    const close = /\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/g;
    close.lastIndex = frontMatter[0].length - 1;
    const end = close.exec(text);
    if (end) {
      at = end.index + end[0].length;
      spans.push([0, at]);
    }
  }
  // The next line-start occurrence of each marker, searched again only once passed: linear overall.
  const markers = ['```', '~~~', '<!--', '$$'] as const;
  const next = new Map<string, number>(markers.map((marker) => [marker, -2]));
  for (;;) {
    let start = -1;
    let marker = '';
    for (const candidate of markers) {
      let index = next.get(candidate) as number;
      if (index !== -1 && index < at) {
        index = text.indexOf(candidate, at);
        while (index >= 0 && !atLineStart(text, index)) {
          index = text.indexOf(candidate, index + 1);
        }
        next.set(candidate, index);
      }
      if (index >= 0 && (start < 0 || index < start)) {
        start = index;
        marker = candidate;
      }
    }
    if (start < 0) {
      return spans;
    }
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const lineEndIndex = text.indexOf('\n', start);
    const lineEnd = lineEndIndex < 0 ? text.length : lineEndIndex + 1;
    let end: number;
    if (marker === '<!--') {
      const close = text.indexOf('-->', start + 4);
      end = close < 0 ? text.length : close + 3;
    } else if (marker === '$$') {
      // `$$ x $$` on one line closes itself.
      const sameLine = text.indexOf('$$', start + 2);
      end = sameLine >= 0 && sameLine < lineEnd ? lineEnd : endOfLineWith(text, lineEnd, '$$');
    } else {
      let length = 3;
      while (text[start + length] === marker[0]) {
        length++;
      }
      end = closingFence(text, lineEnd, (marker[0] as string).repeat(length));
    }
    spans.push([lineStart, end]);
    at = Math.max(end, start + 1);
  }
}

function atLineStart(text: string, index: number): boolean {
  let i = index - 1;
  let spaces = 0;
  while (i >= 0 && text[i] === ' ' && spaces <= 3) {
    i--;
    spaces++;
  }
  return spaces <= 3 && (i < 0 || text[i] === '\n');
}

function endOfLineWith(text: string, from: number, marker: string): number {
  const index = text.indexOf(marker, from);
  if (index < 0) {
    return text.length;
  }
  const lineEnd = text.indexOf('\n', index);
  return lineEnd < 0 ? text.length : lineEnd + 1;
}

/** The end of the line closing a fence opened with `fence` (the same character, at least as long). */
function closingFence(text: string, from: number, fence: string): number {
  let index = text.indexOf(fence, from);
  while (index >= 0) {
    if (atLineStart(text, index)) {
      let after = index + fence.length;
      while (text[after] === fence[0]) {
        after++;
      }
      const lineEnd = text.indexOf('\n', after);
      const rest = text.slice(after, lineEnd < 0 ? text.length : lineEnd);
      if (/^[ \t\r]*$/.test(rest)) {
        return lineEnd < 0 ? text.length : lineEnd + 1;
      }
    }
    index = text.indexOf(fence, index + 1);
  }
  return text.length;
}
