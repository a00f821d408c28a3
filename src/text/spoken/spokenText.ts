// Text as it will be spoken, with a map from every position back to the document it came from.
//
// Edge reports the word it is speaking relative to the text it was sent, which is never the document
// text itself (whitespace collapsed, control characters replaced, split into requests). The map lets
// the highlight land on the exact document range anyway.

/** A half-open range `[start, end)` of UTF-16 offsets in the source (document) text. */
export interface SourceRange {
  readonly start: number;
  readonly end: number;
}

/** Text to be spoken, remembering where each part of it came from in the source text. */
export interface SpokenText {
  readonly text: string;
  /**
   * The source offset where the character at `index` of `text` begins. `index === text.length` gives the
   * end of the last mapped source range. Out-of-range indices are clamped.
   */
  sourceOffsetAt(index: number): number;
  /**
   * The source range that `text.slice(start, end)` came from. A range that starts or ends inside a
   * replacement (a collapsed run of whitespace, a CRLF) widens to the whole replaced source.
   * Out-of-range indices are clamped.
   */
  sourceRange(start: number, end: number): SourceRange;
}

/** The parallel arrays of a map's runs (see {@link MappedSpokenText}). */
interface RunArrays {
  readonly spokenStarts: readonly number[];
  readonly sourceStarts: readonly number[];
  readonly sourceEnds: readonly number[];
  readonly copies: readonly boolean[];
}

/**
 * The map is a sorted list of runs rather than one entry per character: a 10 MB document is mostly long
 * stretches copied unchanged, so it needs a few runs per collapsed whitespace, not 10 million objects.
 * Lookups binary-search the runs by their start in the spoken text.
 *
 * A run is either a copy (spoken and source have the same length and correspond code unit by code unit)
 * or a replacement (spoken text stands for the whole source range; any position inside maps to its ends).
 */
class MappedSpokenText implements SpokenText {
  constructor(
    readonly text: string,
    private readonly spokenStarts: readonly number[],
    private readonly sourceStarts: readonly number[],
    private readonly sourceEnds: readonly number[],
    private readonly copies: readonly boolean[],
    /** Where an empty text maps to, so that even "nothing to say" has a position. */
    private readonly emptyOffset: number,
  ) {}

  sourceOffsetAt(index: number): number {
    const i = this.clamp(index);
    if (i === this.text.length) return this.endOffset();
    return this.startOf(i);
  }

  sourceRange(start: number, end: number): SourceRange {
    const s = this.clamp(start);
    const e = Math.max(s, this.clamp(end));
    if (s === e) {
      const offset = this.sourceOffsetAt(s);
      return { start: offset, end: offset };
    }
    return { start: this.startOf(s), end: this.endOf(e) };
  }

  private clamp(index: number): number {
    if (!(index > 0)) return 0; // also catches NaN
    return Math.min(Math.floor(index), this.text.length);
  }

  private endOffset(): number {
    const last = this.sourceEnds.length - 1;
    return last < 0 ? this.emptyOffset : at(this.sourceEnds, last);
  }

  /** Source offset where the spoken character at `index` (< text.length) begins. */
  private startOf(index: number): number {
    const run = this.runAt(index);
    const sourceStart = at(this.sourceStarts, run);
    return at(this.copies, run) ? sourceStart + (index - at(this.spokenStarts, run)) : sourceStart;
  }

  /** Source offset where the spoken character at `end - 1` ends (end > 0). */
  private endOf(end: number): number {
    const run = this.runAt(end - 1);
    return at(this.copies, run) ? at(this.sourceStarts, run) + (end - at(this.spokenStarts, run)) : at(this.sourceEnds, run);
  }

  /** The runs, for composing maps without going character by character. Not to be modified. */
  runs(): RunArrays {
    return { spokenStarts: this.spokenStarts, sourceStarts: this.sourceStarts, sourceEnds: this.sourceEnds, copies: this.copies };
  }

  /** The last run whose spoken start is ≤ index. Runs cover the spoken text without gaps. */
  private runAt(index: number): number {
    let lo = 0;
    let hi = this.spokenStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (at(this.spokenStarts, mid) <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** Builds a {@link SpokenText} piece by piece from a source string. */
export class SpokenTextBuilder {
  private readonly pieces: string[] = [];
  private readonly spokenStarts: number[] = [];
  private readonly sourceStarts: number[] = [];
  private readonly sourceEnds: number[] = [];
  private readonly copies: boolean[] = [];
  private spokenLength = 0;
  // A copy still being extended: consecutive copies of adjacent source become one slice and one run.
  private pendingCopyStart = -1;
  private pendingCopyEnd = -1;

  /**
   * @param source the text being transformed; `appendSource`/`appendReplacement` take offsets into it.
   * @param sourceBase added to every offset the built text reports, e.g. the document offset of a selection.
   */
  constructor(
    private readonly source: string,
    private readonly sourceBase = 0,
  ) {}

  /** Length of the spoken text built so far. */
  get length(): number {
    return this.spokenLength;
  }

  /** Appends `source.slice(start, end)` unchanged. */
  appendSource(start: number, end: number): this {
    this.checkRange(start, end);
    if (start === end) return this;
    if (this.pendingCopyEnd === start) {
      this.pendingCopyEnd = end;
      this.sourceEnds[this.sourceEnds.length - 1] = this.sourceBase + end;
    } else {
      this.flushCopy();
      this.pendingCopyStart = start;
      this.pendingCopyEnd = end;
      this.addRun(this.sourceBase + start, this.sourceBase + end, true);
    }
    this.spokenLength += end - start;
    return this;
  }

  /** Appends `text` in place of `source.slice(start, end)` (which may be empty, for an insertion). */
  appendReplacement(text: string, start: number, end: number): this {
    this.checkRange(start, end);
    if (text.length === 0) return this;
    this.flushCopy();
    this.addRun(this.sourceBase + start, this.sourceBase + end, false);
    this.pieces.push(text);
    this.spokenLength += text.length;
    return this;
  }

  build(): SpokenText {
    this.flushCopy();
    return new MappedSpokenText(
      this.pieces.join(''),
      this.spokenStarts.slice(),
      this.sourceStarts.slice(),
      this.sourceEnds.slice(),
      this.copies.slice(),
      this.sourceBase,
    );
  }

  private addRun(sourceStart: number, sourceEnd: number, copy: boolean): void {
    this.spokenStarts.push(this.spokenLength);
    this.sourceStarts.push(sourceStart);
    this.sourceEnds.push(sourceEnd);
    this.copies.push(copy);
  }

  private flushCopy(): void {
    if (this.pendingCopyStart < 0) return;
    this.pieces.push(this.source.slice(this.pendingCopyStart, this.pendingCopyEnd));
    this.pendingCopyStart = this.pendingCopyEnd = -1;
  }

  private checkRange(start: number, end: number): void {
    if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= this.source.length)) {
      throw new RangeError(`source range [${start}, ${end}) outside [0, ${this.source.length}]`);
    }
  }
}

/**
 * Chains two maps: `outer` was made from `inner.text` (with no source base), and the result speaks
 * `outer.text` with offsets into `inner`'s source. This is how transformations stack — Markdown syntax
 * removed, then whitespace cleaned, then pronunciations applied — each one written against plain text and
 * none of them needing to know about the others, while words still map to their exact document range.
 *
 * Copied characters stay copies where `inner` copied them too. Text that `outer` inserted (an empty source
 * range) maps to the end of the inner character before it, so an inserted "." after a heading belongs to
 * the heading rather than to whatever follows it (inside an inner replacement: to the whole replacement).
 */
export function composeSpokenText(outer: SpokenText, inner: SpokenText): SpokenText {
  const o = runsOf(outer);
  const i = runsOf(inner);
  const innerLength = inner.text.length;
  const result = new RunList();
  const runCount = o.spokenStarts.length;
  for (let r = 0; r < runCount; r++) {
    const spokenStart = at(o.spokenStarts, r);
    const start = Math.min(at(o.sourceStarts, r), innerLength);
    const end = Math.min(at(o.sourceEnds, r), innerLength);
    if (!at(o.copies, r)) {
      const range = start < end ? inner.sourceRange(start, end) : insertionRange(inner, start);
      result.push(spokenStart, range.start, range.end, false);
      continue;
    }
    // A copy: follow the inner runs it spans, one piece per inner run.
    let j = innerRunAt(i, start);
    let from = start;
    while (from < end) {
      const innerRunStart = at(i.spokenStarts, j);
      const innerRunEnd = j + 1 < i.spokenStarts.length ? at(i.spokenStarts, j + 1) : innerLength;
      const to = Math.min(end, innerRunEnd);
      const piece = spokenStart + (from - start);
      if (at(i.copies, j)) {
        const sourceStart = at(i.sourceStarts, j) + (from - innerRunStart);
        result.push(piece, sourceStart, sourceStart + (to - from), true);
      } else {
        result.push(piece, at(i.sourceStarts, j), at(i.sourceEnds, j), false);
      }
      from = to;
      j++;
    }
  }
  return new MappedSpokenText(
    outer.text,
    result.spokenStarts,
    result.sourceStarts,
    result.sourceEnds,
    result.copies,
    inner.sourceOffsetAt(outer.sourceOffsetAt(0)),
  );
}

/** `spoken.text.slice(start, end)` with its map; indices are clamped. */
export function sliceSpokenText(spoken: SpokenText, start: number, end = spoken.text.length): SpokenText {
  const length = spoken.text.length;
  const s = Math.max(0, Math.min(length, Math.floor(start) || 0));
  const e = Math.max(s, Math.min(length, Math.floor(end) || 0));
  const outer = new SpokenTextBuilder(spoken.text).appendSource(s, e).build();
  if (s === e) {
    // Nothing to say, but it still has a position: where the slice begins.
    return new MappedSpokenText('', [], [], [], [], spoken.sourceOffsetAt(s));
  }
  return composeSpokenText(outer, spoken);
}

/** Accumulates runs for {@link composeSpokenText}, merging neighbours that mean the same. */
class RunList {
  readonly spokenStarts: number[] = [];
  readonly sourceStarts: number[] = [];
  readonly sourceEnds: number[] = [];
  readonly copies: boolean[] = [];

  push(spokenStart: number, sourceStart: number, sourceEnd: number, copy: boolean): void {
    const last = this.copies.length - 1;
    if (last >= 0 && at(this.copies, last) === copy) {
      // Adjacent copies of adjacent source are one copy; repeated replacements of the same source, one
      // replacement (every position inside maps to its ends either way).
      if (copy && at(this.sourceEnds, last) === sourceStart) {
        this.sourceEnds[last] = sourceEnd;
        return;
      }
      if (!copy && at(this.sourceStarts, last) === sourceStart && at(this.sourceEnds, last) === sourceEnd) return;
    }
    this.spokenStarts.push(spokenStart);
    this.sourceStarts.push(sourceStart);
    this.sourceEnds.push(sourceEnd);
    this.copies.push(copy);
  }
}

/** The runs of any {@link SpokenText}: our own directly, anything else as one replacement per character. */
function runsOf(spoken: SpokenText): RunArrays {
  if (spoken instanceof MappedSpokenText) return spoken.runs();
  const list = new RunList();
  for (let i = 0; i < spoken.text.length; i++) {
    const range = spoken.sourceRange(i, i + 1);
    list.spokenStarts.push(i);
    list.sourceStarts.push(range.start);
    list.sourceEnds.push(range.end);
    list.copies.push(false);
  }
  return list;
}

/** The last run of `runs` whose spoken start is ≤ index (0 if there is none). */
function innerRunAt(runs: RunArrays, index: number): number {
  let lo = 0;
  let hi = runs.spokenStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (at(runs.spokenStarts, mid) <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Where text inserted before `inner.text[index]` maps: the end of the character before it, or, inside a
 * replacement (between its characters), the whole replaced range.
 */
function insertionRange(inner: SpokenText, index: number): SourceRange {
  if (index === 0) {
    const offset = inner.sourceOffsetAt(0);
    return { start: offset, end: offset };
  }
  const end = inner.sourceRange(index - 1, index).end;
  const nextStart = index < inner.text.length ? inner.sourceRange(index, index + 1).start : end;
  return { start: Math.min(end, nextStart), end };
}

/** Array access for indices the caller has already bounds-checked (noUncheckedIndexedAccess). */
function at<T>(array: readonly T[], index: number): T {
  return array[index] as T;
}
