// Cuts a big code file read by its comments into windows, like documentWindows.ts does for Markdown. A cut
// must fall where the comment lexer is at rest (outside block comments, strings, template literals) and
// where no run of line comments is split, or a window read on its own would say something else than the
// whole file says there. That state is only known by lexing from a point where it is known: each window's
// end is found by lexing on from its start (a cut, or the start of the file) a little past the target
// size, so the first request never waits for the file to be lexed to its end. A file that is one giant
// comment or string has no cut and is one window. Pure: no vscode import.

import { commentCutAfter, commentCutAtOrBefore } from '../text/codeForSpeech';
import { DEFAULT_WINDOW_SIZES, type PassageWindows } from './documentWindows';

export class CommentWindows implements PassageWindows {
  constructor(
    private readonly text: string,
    private readonly languageId: string,
    private readonly sizes = DEFAULT_WINDOW_SIZES,
  ) {}

  /**
   * Where the window holding `offset` starts: the last cut at or before it. Only lexing from the start of
   * the file tells, so Read From Cursor deep in a huge file lexes up to the cursor first (without
   * preparing any of it for speech: some tens of milliseconds for 10 MB).
   */
  windowStartFor(offset: number): number {
    return this.text.length <= this.sizes.wholeUpTo ? 0 : commentCutAtOrBefore(this.text, this.languageId, offset);
  }

  /** Where the window starting at `start` (a cut) ends: the first cut after `start + target`, or the end. */
  windowEnd(start: number, target = this.sizes.target): number {
    const length = this.text.length;
    if (length <= this.sizes.wholeUpTo || start + target >= length) {
      return length;
    }
    return commentCutAfter(this.text, this.languageId, start, start + target);
  }

  /** Every window from `start` (a cut) to the end, as [start, end) pairs, computed as they are asked for. */
  *windowsFrom(start: number): Generator<readonly [number, number]> {
    let at = start;
    while (at < this.text.length) {
      const end = this.windowEnd(at, at === start ? (this.sizes.first ?? this.sizes.target) : this.sizes.target);
      yield [at, end];
      at = end;
    }
  }
}
