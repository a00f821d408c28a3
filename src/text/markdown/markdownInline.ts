// Markdown inline syntax read for the ear: the words of emphasis, links, images and code without their
// markers. It follows CommonMark's own two steps (a left-to-right scan that resolves code spans, links and
// HTML as it meets them, then delimiter matching for emphasis), because the cases where a simpler reading
// goes wrong — `*` in "2*3", `_` in snake_case, a `]` inside a code span — are everywhere in real READMEs.
//
// Everything emitted is a copy of the source or stands for an exact source range, so the map survives.

import { isWhitespace, type SpokenTextBuilder } from '../spoken';
import { appendUrl, bareUrlEnd, canStartUrlAfter } from '../urls';

export interface InlineOptions {
  /** Drop HTML tags (Markdown). Off for code comments, where `<T>` is a type parameter. */
  readonly html: boolean;
  /** Labels of link reference definitions, normalised by {@link normaliseLabel}, for `[label]` links. */
  readonly references?: ReadonlySet<string>;
  /** Announce TeX math (`$…$`, `$$…$$`) as {@link MATH_SPOKEN} instead of reading its source (Markdown). */
  readonly math?: boolean;
}

/** What inline math is read as: its TeX source would be read symbol by symbol. */
export const MATH_SPOKEN = 'formula';

const enum Kind {
  /** `text.slice(start, end)` spoken as is. */
  Copy,
  /** `replacement` spoken for `text.slice(start, end)`. */
  Replace,
  /** Nothing spoken (so is any character no token covers; these mark syntax that was recognised). */
  Drop,
  /** A run of `*`, `_` or `~`: dropped once matched, otherwise see {@link keepsUnmatched}. */
  Delimiter,
  /** A bare URL or autolink: its description. `start`/`end` are the URL, `from`/`to` what it replaces. */
  Url,
  /** `[` or `![` of a link that formed. */
  LinkStart,
  /** `](destination)` of a link that formed; spoken only when the link text says nothing. */
  LinkEnd,
}

interface Token {
  kind: Kind;
  start: number;
  end: number;
  replacement?: string;
  // Delimiter runs: the character, the original run [from, to) and whether it may open or close (from
  // its neighbours, fixed); matching narrows [start, end) from the inside, and `settled` marks it done.
  delimiter?: number;
  from?: number;
  to?: number;
  canOpen?: boolean;
  canClose?: boolean;
  settled?: boolean;
  // LinkEnd: the destination, when it is a URL worth describing; `from` is where the link starts.
  destinationStart?: number;
  destinationEnd?: number;
  image?: boolean;
  // Replace: a word of its own, kept apart from spoken words on either side.
  spaced?: boolean;
}

interface BracketOpener {
  token: number;
  image: boolean;
  active: boolean;
}

// Characters that may start inline syntax; everything else is scanned past in one step.
const SPECIAL = new Uint8Array(0x80);
for (const c of '\\`<![]*_~&$hHwWfF') SPECIAL[c.charCodeAt(0)] = 1;

/** Longest destination or title looked at: bounds the work a malformed construct can cause. */
const MAX_CONSTRUCT = 4096;
/** Longest tag or autolink looked at, for the same reason (real ones are far shorter). */
const MAX_TAG = 1024;

/**
 * Appends the spoken form of the inline Markdown `text.slice(start, end)`, followed by `ending(last)` (with
 * `last` the last non-blank character code spoken) right after the last word: before any trailing tags or
 * spaces, so that "word</div>" ends "word." and not "word .".
 */
export function appendInline(
  builder: SpokenTextBuilder,
  text: string,
  start: number,
  end: number,
  options: InlineOptions,
  ending: (last: number) => string = () => '',
): void {
  const parser = new InlineParser(text, start, end, options);
  emit(builder, text, parser.parse(), ending);
}

class InlineParser {
  private readonly tokens: Token[] = [];
  private readonly brackets: BracketOpener[] = [];
  /** Backtick run starts by run length, for finding a code span's closer by binary search. */
  private backtickRuns: Map<number, number[]> | undefined;
  /** The first `>` after the last `<` looked at (MAX_SAFE_INTEGER: none in the block). */
  private nextGreaterThan = -1;
  /** Where `$` can close inline math and where `$$` runs are, found once for the block (see scanMath). */
  private mathDelimiters: { closers: number[]; doubles: number[] } | undefined;
  /** The next `-->` found, -1 if there is none, -2 before the first search: one search serves every
   * `<!--` before it. */
  private commentEnd = -2;

  constructor(
    private readonly text: string,
    private readonly start: number,
    private readonly end: number,
    private readonly options: InlineOptions,
  ) {}

  parse(): Token[] {
    const { text, end } = this;
    let i = this.start;
    this.textStart = i;
    while (i < end) {
      const code = text.charCodeAt(i);
      if (code >= 0x80 || SPECIAL[code] !== 1) {
        i++;
        continue;
      }
      this.constructStart = i;
      const next = this.scanSyntax(i, code);
      if (next < 0) {
        i++;
      } else {
        i = next;
        this.textStart = next;
      }
    }
    this.constructStart = end;
    this.flush();
    for (const opener of this.brackets) this.demoteImageOpener(opener);
    resolveDelimiters(this.tokens, 0);
    return this.tokens;
  }

  /** Start of the plain text not yet turned into a token. */
  private textStart = 0;
  /** Start of the construct being scanned: plain text before it is flushed before its first token. */
  private constructStart = 0;

  private flush(): void {
    if (this.constructStart > this.textStart) {
      this.tokens.push({ kind: Kind.Copy, start: this.textStart, end: this.constructStart });
      this.textStart = this.constructStart;
    }
  }

  /** If inline syntax starts at `i`, adds its tokens and returns where scanning resumes; else -1. */
  private scanSyntax(i: number, code: number): number {
    switch (code) {
      case 0x5c: // \
        return this.scanEscape(i);
      case 0x60: // `
        return this.scanCode(i);
      case 0x3c: // <
        return this.scanAngle(i);
      case 0x21: // !
        if (this.text.charCodeAt(i + 1) !== 0x5b) return -1;
        this.openBracket(i, 2, true);
        return i + 2;
      case 0x5b: // [
        this.openBracket(i, 1, false);
        return i + 1;
      case 0x5d: // ]
        return this.closeBracket(i);
      case 0x2a: // *
      case 0x5f: // _
      case 0x7e: // ~
        return this.scanDelimiter(i, code);
      case 0x26: // &
        return this.scanEntity(i);
      case 0x24: // $
        return this.options.math ? this.scanMath(i) : -1;
      default:
        return this.scanBareUrl(i, code);
    }
  }

  private add(token: Token): void {
    this.flush();
    this.tokens.push(token);
  }

  private push(kind: Kind, start: number, end: number, replacement?: string): void {
    this.add(replacement === undefined ? { kind, start, end } : { kind, start, end, replacement });
  }

  private scanEscape(i: number): number {
    if (i + 1 >= this.end) return -1;
    const next = this.text.charCodeAt(i + 1);
    if (next === 0x0a) {
      // A backslash at the end of a line is a hard line break: the line break says it already.
      this.push(Kind.Drop, i, i + 1);
      return i + 1;
    }
    if (!isAsciiPunctuation(next)) return -1;
    this.push(Kind.Drop, i, i + 1);
    this.push(Kind.Copy, i + 1, i + 2);
    return i + 2;
  }

  private scanCode(i: number): number {
    const { text, end } = this;
    let runEnd = i;
    while (runEnd < end && text.charCodeAt(runEnd) === 0x60) runEnd++;
    const length = runEnd - i;
    const closer = this.backtickRunAfter(length, runEnd);
    if (closer < 0) {
      // An unmatched run is literal in CommonMark; spoken, it would only be noise ("grave accent").
      this.push(Kind.Drop, i, runEnd);
      return runEnd;
    }
    let contentStart = runEnd;
    let contentEnd = closer;
    // One space (or line break) just inside each end is padding, unless the content is all spaces.
    if (contentEnd - contentStart >= 2 && isSpaceOrLine(text.charCodeAt(contentStart)) && isSpaceOrLine(text.charCodeAt(contentEnd - 1))) {
      let allSpace = true;
      for (let k = contentStart; k < contentEnd && allSpace; k++) allSpace = isSpaceOrLine(text.charCodeAt(k));
      if (!allSpace) {
        contentStart++;
        contentEnd--;
      }
    }
    this.push(Kind.Drop, i, contentStart);
    this.push(Kind.Copy, contentStart, contentEnd);
    this.push(Kind.Drop, contentEnd, closer + length);
    return closer + length;
  }

  /** Start of the first backtick run of exactly `length` at or after `from`, or -1. */
  private backtickRunAfter(length: number, from: number): number {
    if (!this.backtickRuns) {
      this.backtickRuns = new Map();
      const { text, end } = this;
      for (let k = this.start; k < end;) {
        if (text.charCodeAt(k) !== 0x60) {
          k++;
          continue;
        }
        let runEnd = k;
        while (runEnd < end && text.charCodeAt(runEnd) === 0x60) runEnd++;
        const runs = this.backtickRuns.get(runEnd - k);
        if (runs) runs.push(k);
        else this.backtickRuns.set(runEnd - k, [k]);
        k = runEnd;
      }
    }
    const runs = this.backtickRuns.get(length);
    if (!runs) return -1;
    let lo = 0;
    let hi = runs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((runs[mid] ?? 0) < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < runs.length ? (runs[lo] ?? -1) : -1;
  }

  private scanAngle(i: number): number {
    const { text } = this;
    if (this.options.html && text.startsWith('<!--', i)) return this.dropComment(i);
    // Every other construct starting with "<" ends with ">": without one ahead, "<" is just text.
    if (this.nextGreaterThan < i) {
      this.nextGreaterThan = Number.MAX_SAFE_INTEGER;
      for (let k = i + 1; k < this.end; k++) {
        if (text.charCodeAt(k) === 0x3e) {
          this.nextGreaterThan = k;
          break;
        }
      }
    }
    if (this.nextGreaterThan >= this.end) return -1;
    const window = text.slice(i, Math.min(this.end, i + MAX_TAG));
    const autolink = AUTOLINK.exec(window);
    if (autolink) {
      const to = i + autolink[0].length;
      this.add({ kind: Kind.Url, start: i + 1, end: to - 1, from: i, to });
      return to;
    }
    const email = EMAIL_AUTOLINK.exec(window);
    if (email) {
      const to = i + email[0].length;
      this.push(Kind.Drop, i, i + 1);
      this.push(Kind.Copy, i + 1, to - 1);
      this.push(Kind.Drop, to - 1, to);
      return to;
    }
    if (!this.options.html) return -1;
    const other = HTML_OTHER.exec(window);
    if (other) {
      this.push(Kind.Drop, i, i + other[0].length);
      return i + other[0].length;
    }
    const tag = HTML_TAG.exec(window);
    if (!tag) return -1;
    const to = i + tag[0].length;
    const name = (tag[1] ?? '').toLowerCase();
    const alt = name === 'img' ? IMG_ALT.exec(tag[0]) : null;
    const altValue = alt ? (alt[1] ?? alt[2] ?? alt[3]) : undefined;
    if (alt && altValue) {
      // <img alt="…">: the alt text is what the picture says.
      const altStart = i + alt.index + alt[0].length - altValue.length - (alt[3] === undefined ? 1 : 0);
      this.push(Kind.Drop, i, altStart);
      this.push(Kind.Copy, altStart, altStart + altValue.length);
      this.push(Kind.Drop, altStart + altValue.length, to);
    } else if (SPACED_TAGS.has(name)) {
      // Block-level tags separate words: "one<br>two" is two words.
      this.push(Kind.Replace, i, to, ' ');
    } else {
      this.push(Kind.Drop, i, to);
    }
    return to;
  }

  private dropComment(i: number): number {
    const { text, end } = this;
    if (this.commentEnd === -2 || (this.commentEnd >= 0 && this.commentEnd < i + 4)) {
      const found = text.slice(i + 4, end).indexOf('-->');
      this.commentEnd = found < 0 ? -1 : i + 4 + found;
    }
    // "<!-->" and "<!--->" are complete (empty) comments too.
    const short = text.startsWith('>', i + 4) ? i + 5 : text.startsWith('->', i + 4) ? i + 6 : -1;
    const to = short >= 0 ? short : this.commentEnd >= 0 ? this.commentEnd + 3 : end;
    // Unterminated: CommonMark shows it as text, but a stray "<!--" spoken is never what was meant.
    this.push(Kind.Drop, i, to);
    return to;
  }

  private openBracket(i: number, width: number, image: boolean): void {
    this.flush();
    this.brackets.push({ token: this.tokens.length, image, active: true });
    this.push(Kind.Copy, i, i + width);
  }

  private closeBracket(i: number): number {
    const { text } = this;
    this.flush(); // the link text, before it is resolved or discarded
    const opener = this.brackets.pop();
    const after = i + 1;
    const parenFollows = text.charCodeAt(after) === 0x28;
    if (!opener) {
      // A stray "]": literal, except that "](" is link syntax gone wrong and never worth saying.
      if (!parenFollows) return -1;
      this.push(Kind.Drop, i, after);
      return after;
    }
    const openToken = this.tokens[opener.token] as Token;
    const labelStart = openToken.end;
    if (opener.active && !opener.image && text.charCodeAt(labelStart) === 0x5e /* ^ */ && labelStart + 1 < i) {
      // A footnote reference, [^1]: its marker means nothing spoken.
      this.tokens.length = opener.token;
      this.push(Kind.Drop, openToken.start, after);
      return after;
    }
    let linkEnd = -1;
    let destinationStart = -1;
    let destinationEnd = -1;
    if (opener.active) {
      if (parenFollows) {
        const inline = this.parseDestination(after);
        if (inline) [destinationStart, destinationEnd, linkEnd] = inline;
      } else if (text.charCodeAt(after) === 0x5b /* [ */) {
        // [text][ref] and [text][]: spoken as the text whether or not the reference is defined, since
        // "text ref" is never what the writer meant either.
        const close = referenceEnd(text, after + 1, Math.min(this.end, after + 1000));
        if (close >= 0) linkEnd = close + 1;
      } else if (this.options.references?.has(normaliseLabel(text.slice(labelStart, i)))) {
        linkEnd = after;
      }
    }
    if (linkEnd < 0) {
      this.demoteImageOpener(opener);
      // "[text](" that is no link: drop the brackets rather than say them. An image's "[" is dropped
      // already, so its "]" goes too.
      if (parenFollows || opener.image) {
        if (!opener.image) openToken.kind = Kind.Drop;
        this.push(Kind.Drop, i, after);
        return after;
      }
      return -1;
    }
    resolveDelimiters(this.tokens, opener.token + 1);
    openToken.kind = Kind.LinkStart;
    const endToken: Token = { kind: Kind.LinkEnd, start: i, end: linkEnd, from: openToken.start, image: opener.image };
    if (destinationStart >= 0) {
      endToken.destinationStart = destinationStart;
      endToken.destinationEnd = destinationEnd;
    }
    this.add(endToken);
    // CommonMark: links do not contain links, so no "[" before this one can open a link any more.
    if (!opener.image) for (const earlier of this.brackets) if (!earlier.image) earlier.active = false;
    return linkEnd;
  }

  /** An image opener that formed no image: its "!" is punctuation, its "[" only noise. */
  private demoteImageOpener(opener: BracketOpener): void {
    const token = this.tokens[opener.token];
    // Characters no token covers are simply not spoken.
    if (opener.image && token) token.end = token.start + 1;
  }

  /**
   * Parses `(destination "title")` at `open`; returns [destinationStart, destinationEnd, end] or undefined.
   * The destination may be `<…>` or bare with balanced parentheses: `(https://en.wikipedia.org/wiki/C_(x))`.
   */
  private parseDestination(open: number): [number, number, number] | undefined {
    const { text } = this;
    const limit = Math.min(this.end, open + MAX_CONSTRUCT);
    let k = skipLinkSpace(text, open + 1, limit);
    let destinationStart = k;
    let destinationEnd: number;
    if (text.charCodeAt(k) === 0x3c /* < */) {
      let close = k + 1;
      while (close < limit) {
        const c = text.charCodeAt(close);
        if (c === 0x3e || c === 0x0a || c === 0x3c) break;
        close += c === 0x5c ? 2 : 1;
      }
      if (close >= limit || text.charCodeAt(close) !== 0x3e) return undefined;
      destinationStart = k + 1;
      destinationEnd = close;
      k = close + 1;
    } else {
      let depth = 0;
      while (k < limit) {
        const c = text.charCodeAt(k);
        if (c <= 0x20 || c === 0x7f) break;
        if (c === 0x5c && isAsciiPunctuation(text.charCodeAt(k + 1))) {
          k += 2;
          continue;
        }
        if (c === 0x28) {
          if (++depth > 32) return undefined;
        } else if (c === 0x29) {
          if (depth === 0) break;
          depth--;
        }
        k++;
      }
      if (depth !== 0) return undefined;
      destinationEnd = k;
    }
    const beforeTitle = k;
    k = skipLinkSpace(text, k, limit);
    const quote = text.charCodeAt(k);
    if (k > beforeTitle && (quote === 0x22 || quote === 0x27 || quote === 0x28)) {
      const closeQuote = quote === 0x28 ? 0x29 : quote;
      let close = k + 1;
      while (close < limit && text.charCodeAt(close) !== closeQuote) close += text.charCodeAt(close) === 0x5c ? 2 : 1;
      if (close >= limit) return undefined;
      k = skipLinkSpace(text, close + 1, limit);
    }
    if (text.charCodeAt(k) !== 0x29) return undefined;
    return [destinationStart, destinationEnd, k + 1];
  }

  private scanDelimiter(i: number, code: number): number {
    const { text, start, end } = this;
    let runEnd = i;
    while (runEnd < end && text.charCodeAt(runEnd) === code) runEnd++;
    const before = i > start ? (text.codePointAt(i - 1 - (isLowSurrogateAt(text, i - 1) ? 1 : 0)) ?? 0x20) : 0x20;
    const after = runEnd < end ? (text.codePointAt(runEnd) ?? 0x20) : 0x20;
    const beforeSpace = isWhitespace(before);
    const afterSpace = isWhitespace(after);
    const beforePunct = isPunctuation(before);
    const afterPunct = isPunctuation(after);
    const left = !afterSpace && (!afterPunct || beforeSpace || beforePunct);
    const right = !beforeSpace && (!beforePunct || afterSpace || afterPunct);
    // "_" inside a word (snake_case) neither opens nor closes; "*" does (un*frigging*believable).
    const canOpen = code === 0x5f ? left && (!right || beforePunct) : left;
    const canClose = code === 0x5f ? right && (!left || afterPunct) : right;
    this.add({ kind: Kind.Delimiter, start: i, end: runEnd, delimiter: code, from: i, to: runEnd, canOpen, canClose });
    return runEnd;
  }

  /**
   * TeX math, by pandoc's rules (GitHub's agree), so that prices stay text: `$` opens when no space or
   * `$` follows it, and closes when no space precedes it and no digit follows it ("$5 and $10" is text);
   * `$$…$$` is display math even within a line. The whole span is announced; a `\$` is never a delimiter.
   */
  private scanMath(i: number): number {
    const { text } = this;
    const delimiters = (this.mathDelimiters ??= this.findMathDelimiters());
    const double = i + 1 < this.end && text.charCodeAt(i + 1) === 0x24;
    let closeEnd = -1;
    if (double) {
      const closer = firstAtOrAfter(delimiters.doubles, i + 3);
      if (closer >= 0 && closer - i <= MAX_CONSTRUCT) closeEnd = closer + 2;
    } else if (i + 1 < this.end && !isWhitespace(text.charCodeAt(i + 1))) {
      const closer = firstAtOrAfter(delimiters.closers, i + 2);
      if (closer >= 0 && closer - i <= MAX_CONSTRUCT) closeEnd = closer + 1;
    }
    if (closeEnd < 0) {
      if (!double) return -1;
      this.push(Kind.Copy, i, i + 2); // an unclosed "$$" is text, not an opener at its second "$"
      return i + 2;
    }
    // Spaced from the words it touches when spoken ("$n$th" is not "formulath").
    this.add({ kind: Kind.Replace, start: i, end: closeEnd, replacement: MATH_SPOKEN, spaced: true });
    return closeEnd;
  }

  private findMathDelimiters(): { closers: number[]; doubles: number[] } {
    const { text, end } = this;
    const closers: number[] = [];
    const doubles: number[] = [];
    for (let k = this.start; k < end; k++) {
      if (text.charCodeAt(k) !== 0x24) continue;
      let backslashes = 0;
      while (k - backslashes - 1 >= this.start && text.charCodeAt(k - backslashes - 1) === 0x5c) backslashes++;
      if (backslashes % 2 === 1) continue; // \$ is a dollar sign
      if (text.charCodeAt(k + 1) === 0x24 && k + 1 < end) {
        doubles.push(k);
        k++;
        continue;
      }
      const previous = text.charCodeAt(k - 1);
      const next = k + 1 < end ? text.charCodeAt(k + 1) : 0x20;
      if (k > this.start && !isWhitespace(previous) && !(next >= 0x30 && next <= 0x39)) closers.push(k);
    }
    return { closers, doubles };
  }

  private scanEntity(i: number): number {
    const match = ENTITY.exec(this.text.slice(i, i + 40));
    if (!match) return -1;
    const decoded = decodeEntity(match[1] ?? '');
    if (decoded === undefined) return -1;
    this.push(Kind.Replace, i, i + match[0].length, decoded);
    return i + match[0].length;
  }

  private scanBareUrl(i: number, code: number): number {
    const { text } = this;
    const next = text.charCodeAt(i + 1);
    // Cheap rejections first: this runs at every h, w and f.
    if ((code | 0x20) === 0x77 ? (next | 0x20) !== 0x77 : (next | 0x20) !== 0x74) return -1;
    if (!canStartUrlAfter(i > this.start ? text.charCodeAt(i - 1) : Number.NaN)) return -1;
    // Inside link text the link's own "]" ends the URL: [https://example.com](https://example.com).
    let limit = this.end;
    if (this.brackets.length > 0) {
      for (let k = i; k < limit; k++) if (text.charCodeAt(k) === 0x5d || text.charCodeAt(k) <= 0x20) limit = k;
    }
    const urlEnd = bareUrlEnd(text, i, limit);
    if (urlEnd < 0) return -1;
    this.add({ kind: Kind.Url, start: i, end: urlEnd, from: i, to: urlEnd });
    return urlEnd;
  }
}

/**
 * CommonMark's "process emphasis" over the unsettled delimiter runs in `tokens` from `first` on: each
 * closer is matched with the nearest compatible opener, two characters at a time while both have two
 * (strong), and runs between a matched pair can no longer match. A doubly linked list and CommonMark's
 * "openers bottom" keep it linear, so a page of stray asterisks costs no more than a page of text.
 */
function resolveDelimiters(tokens: Token[], first: number): void {
  const runs: Token[] = [];
  for (let k = first; k < tokens.length; k++) {
    const token = tokens[k] as Token;
    if (token.kind === Kind.Delimiter && !token.settled && (token.canOpen || token.canClose)) runs.push(token);
  }
  const count = runs.length;
  if (count === 0) return;
  const prev = new Int32Array(count);
  const next = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    prev[k] = k - 1;
    next[k] = k + 1;
  }
  const remove = (k: number): void => {
    const p = prev[k] ?? -1;
    const n = next[k] ?? count;
    if (p >= 0) next[p] = n;
    if (n < count) prev[n] = p;
  };
  // Per kind of closer, where the last fruitless search for an opener stopped: nothing below can match.
  const bottoms = new Map<string, number>();

  for (let c = 0; c < count; c = next[c] ?? count) {
    const closer = runs[c] as Token;
    if (!closer.canClose) continue;
    const key = `${closer.delimiter}:${closer.canOpen ? 1 : 0}:${runLength(closer) % 3}`;
    const bottom = bottoms.get(key) ?? -1;
    while (closer.end > closer.start) {
      let o = prev[c] ?? -1;
      while (o > bottom && !canPair(runs[o] as Token, closer)) o = prev[o] ?? -1;
      if (o <= bottom) {
        bottoms.set(key, prev[c] ?? -1);
        break;
      }
      const opener = runs[o] as Token;
      const openerLeft = opener.end - opener.start;
      const closerLeft = closer.end - closer.start;
      const use = closer.delimiter === 0x7e ? openerLeft : openerLeft >= 2 && closerLeft >= 2 ? 2 : 1;
      opener.end -= use; // an opener gives up its inner (right-hand) characters
      closer.start += use;
      for (let k = next[o] ?? count; k < c; k = next[k] ?? count) remove(k); // now plain text
      if (opener.end === opener.start) remove(o);
    }
    if (closer.end === closer.start || !closer.canOpen) remove(c);
  }
  // An enclosing range (the text around a link) resolves later and must leave these alone.
  for (const run of runs) run.settled = true;
}

function runLength(run: Token): number {
  return (run.to ?? run.end) - (run.from ?? run.start);
}

/** Whether `opener` can still close a pair with `closer`. */
function canPair(opener: Token, closer: Token): boolean {
  if (!opener.canOpen || opener.end <= opener.start || opener.delimiter !== closer.delimiter) return false;
  const openerLength = runLength(opener);
  const closerLength = runLength(closer);
  // GFM strikethrough: ~x~ or ~~x~~, with runs of the same length.
  if (closer.delimiter === 0x7e) return openerLength === closerLength && openerLength <= 2;
  // CommonMark's rule of three: *foo**bar* is one emphasis, not two.
  const bothWays = opener.canClose || closer.canOpen;
  return !(bothWays && (openerLength + closerLength) % 3 === 0 && !(openerLength % 3 === 0 && closerLength % 3 === 0));
}

/** Appends the tokens' spoken form, and the ending after the last token that says anything. */
function emit(builder: SpokenTextBuilder, text: string, tokens: readonly Token[], ending: (last: number) => string): void {
  // Where the block's last word ends: the ending goes there.
  let lastToken = tokens.length - 1;
  while (lastToken >= 0 && !maySpeak(text, tokens[lastToken] as Token)) lastToken--;

  let last = -1; // last non-blank character spoken
  let previous = -1; // last character spoken, blank or not
  const linkStarts: number[] = [];
  /** After a spaced replacement: a word spoken next gets a space first. */
  let separateNext = false;
  const separate = (next: number, at: number): void => {
    if (separateNext && isWordCharacter(next)) builder.appendReplacement(' ', at, at);
    separateNext = false;
  };
  const copy = (start: number, end: number): void => {
    if (start >= end) return;
    separate(text.charCodeAt(start), start);
    builder.appendSource(start, end);
    last = lastSignificant(text, start, end, last);
    previous = text.charCodeAt(end - 1);
  };
  const appendUrlSpaced = (start: number, end: number, from: number, to: number): void => {
    // "word<https://…>" must not become "wordlink to …".
    if (previous >= 0 && isWordCharacter(previous)) builder.appendReplacement(' ', from, from);
    appendUrl(builder, text, start, end, from, to);
    last = previous = 0x61; // the host, or the word "link"
  };
  const finish = (): void => {
    const said = last >= 0 ? ending(last) : '';
    if (said) builder.appendReplacement(said, lastEnd, lastEnd);
  };
  let lastEnd = -1;

  tokens.forEach((token, index) => {
    switch (token.kind) {
      case Kind.Copy:
        if (index === lastToken) {
          // Split off trailing blanks so that the ending follows the last word directly.
          let wordEnd = token.end;
          while (wordEnd > token.start && isBlank(text.charCodeAt(wordEnd - 1))) wordEnd--;
          copy(token.start, wordEnd);
          lastEnd = wordEnd;
          finish();
          copy(wordEnd, token.end);
          return;
        }
        copy(token.start, token.end);
        break;
      case Kind.Replace: {
        const replacement = token.replacement ?? '';
        if (replacement) separate(replacement.charCodeAt(0), token.start);
        if (token.spaced && previous >= 0 && isWordCharacter(previous)) builder.appendReplacement(' ', token.start, token.start);
        builder.appendReplacement(replacement, token.start, token.end);
        separateNext = token.spaced === true;
        last = lastSignificant(replacement, 0, replacement.length, last);
        if (replacement) previous = replacement.charCodeAt(replacement.length - 1);
        break;
      }
      case Kind.Delimiter:
        if (token.start < token.end && keepsUnmatched(token)) copy(token.start, token.end);
        break;
      case Kind.Url:
        appendUrlSpaced(token.start, token.end, token.from ?? token.start, token.to ?? token.end);
        break;
      case Kind.LinkStart:
        linkStarts.push(builder.length);
        break;
      case Kind.LinkEnd: {
        const spokenBefore = linkStarts.pop() ?? -1;
        const { destinationStart: dStart, destinationEnd: dEnd } = token;
        if (builder.length === spokenBefore && !token.image && dStart !== undefined && dEnd !== undefined && dEnd > dStart) {
          // [](https://…): a link with nothing to say for itself still says where it goes.
          if (/^(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:|www\.)/i.test(text.slice(dStart, dEnd))) {
            appendUrlSpaced(dStart, dEnd, token.from ?? token.start, token.end);
          }
        }
        break;
      }
      case Kind.Drop:
        break;
    }
    if (index === lastToken) {
      lastEnd = token.kind === Kind.Url ? (token.to ?? token.end) : token.end;
      finish();
    }
  });
}

/** Whether a token can say anything that is not blank (decided before emitting, for placing the ending). */
function maySpeak(text: string, token: Token): boolean {
  switch (token.kind) {
    case Kind.Copy:
      return lastSignificant(text, token.start, token.end, -1) >= 0;
    case Kind.Replace:
      return /[^\s]/.test(token.replacement ?? '');
    case Kind.Delimiter:
      return token.start < token.end && keepsUnmatched(token);
    case Kind.Url:
      return true;
    case Kind.LinkEnd:
      return token.destinationStart !== undefined && !token.image;
    default:
      return false;
  }
}

/**
 * Whether an unmatched delimiter run is spoken. CommonMark shows it as text, but spoken "**" or a stray
 * leading "*" is noise; a lone `*` that reads as "times" (2*3, 2 * 3), and `_` and `~` (snake_case, ~5),
 * are kept.
 */
function keepsUnmatched(run: Token): boolean {
  if (run.delimiter === 0x5f) return true;
  if (run.end - run.start >= 2) return false;
  if (run.delimiter === 0x7e) return true;
  // A "*" that could both open and close sits inside a word (2*3), one that could do neither stands
  // alone (2 * 3); either way it is not a marker. One attached to a single side is a stray marker.
  return run.canOpen === run.canClose;
}

function lastSignificant(text: string, start: number, end: number, fallback: number): number {
  for (let k = end - 1; k >= start; k--) {
    const c = text.charCodeAt(k);
    if (!isBlank(c)) return c;
  }
  return fallback;
}

const WORD_CHARACTER = /[\p{L}\p{N}\p{M}]/u;

/** A letter, digit or mark (a code unit; surrogate halves count as not). */
function isWordCharacter(code: number): boolean {
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
  return WORD_CHARACTER.test(String.fromCharCode(code));
}

/** The first of the ascending `positions` at or after `from`, or -1. */
function firstAtOrAfter(positions: readonly number[], from: number): number {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((positions[mid] ?? 0) < from) lo = mid + 1;
    else hi = mid;
  }
  return positions[lo] ?? -1;
}

/** Whitespace, or a control character that cleaning will turn into a space. */
function isBlank(code: number): boolean {
  return isWhitespace(code) || code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/** CommonMark's label normalisation: case-folded, inner whitespace collapsed. */
export function normaliseLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}

const AUTOLINK = /^<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>/;
const EMAIL_AUTOLINK =
  /^<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*>/;
const HTML_TAG = /^<\/?([A-Za-z][A-Za-z0-9-]*)(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*\/?>/;
const HTML_OTHER = /^(?:<\?[\s\S]*?\?>|<![A-Za-z][^>]*>|<!\[CDATA\[[\s\S]*?\]\]>)/;
const IMG_ALT = /\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/i;
const ENTITY = /^&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/;

/** Tags that separate what is around them, so that dropping them must leave a space. */
const SPACED_TAGS = new Set([
  'br',
  'p',
  'div',
  'li',
  'ul',
  'ol',
  'tr',
  'td',
  'th',
  'table',
  'thead',
  'tbody',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'blockquote',
  'section',
  'article',
  'header',
  'footer',
  'details',
  'summary',
  'dd',
  'dt',
  'dl',
  'figure',
  'figcaption',
  'pre',
  'center',
  'nav',
  'aside',
  'main',
]);

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  copy: '©',
  reg: '®',
  trade: '™',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  laquo: '«',
  raquo: '»',
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  middot: '·',
  times: '×',
  divide: '÷',
  deg: '°',
  plusmn: '±',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  sect: '§',
  para: '¶',
  bull: '•',
  rarr: '→',
  larr: '←',
  harr: '↔',
  uarr: '↑',
  darr: '↓',
  shy: '',
};

/** The text of an entity's name (`amp`, `#38`, `#x26`), or undefined for one we do not know. */
function decodeEntity(name: string): string | undefined {
  if (name.charCodeAt(0) !== 0x23) return Object.prototype.hasOwnProperty.call(NAMED_ENTITIES, name) ? NAMED_ENTITIES[name] : undefined;
  const hex = name.charCodeAt(1) === 0x78 || name.charCodeAt(1) === 0x58;
  const value = Number.parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10);
  // As CommonMark: NUL, surrogates and out-of-range values become the replacement character.
  if (!(value > 0 && value <= 0x10ffff) || (value >= 0xd800 && value <= 0xdfff)) return '\uFFFD';
  return String.fromCodePoint(value);
}

/** The `]` closing a reference label that starts at `from`, or -1 (a label holds no unescaped brackets). */
function referenceEnd(text: string, from: number, limit: number): number {
  for (let k = from; k < limit; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x5d) return k;
    if (c === 0x5b) return -1;
    if (c === 0x5c) k++;
  }
  return -1;
}

function skipLinkSpace(text: string, k: number, limit: number): number {
  let newlines = 0;
  while (k < limit) {
    const c = text.charCodeAt(k);
    if (c === 0x0a) {
      if (++newlines > 1) break;
    } else if (c !== 0x20 && c !== 0x09) {
      break;
    }
    k++;
  }
  return k;
}

function isSpaceOrLine(code: number): boolean {
  return code === 0x20 || code === 0x0a;
}

function isAsciiPunctuation(code: number): boolean {
  return (
    (code >= 0x21 && code <= 0x2f) || (code >= 0x3a && code <= 0x40) || (code >= 0x5b && code <= 0x60) || (code >= 0x7b && code <= 0x7e)
  );
}

const UNICODE_PUNCTUATION = /[\p{P}\p{S}]/u;

function isPunctuation(codePoint: number): boolean {
  if (codePoint < 0x80) return isAsciiPunctuation(codePoint);
  return UNICODE_PUNCTUATION.test(String.fromCodePoint(codePoint));
}

function isLowSurrogateAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff;
}
