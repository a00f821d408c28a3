// Cuts a big code file read by its comments into windows, like documentWindows.ts does for Markdown. A cut
// must fall where the comment lexer is at rest (outside block comments, strings, template literals) and
// where no run of line comments is split, or a window read on its own would say something else than the
// whole file says there. That state is only known by lexing from a point where it is known: each window's
// end is found by lexing on from its start (a cut, or the start of the file) a little past the target
// size, so the first request never waits for the file to be lexed to its end. A file that is one giant
// comment or string has no cut and is one window. Pure: no vscode import.

import { commentCutAfter } from '../text/code';
import { DEFAULT_WINDOW_SIZES, type PassageWindows } from './documentWindows';

export class CommentWindows implements PassageWindows {
  constructor(
    private readonly text: string,
    private readonly languageId: string,
    private readonly sizes = DEFAULT_WINDOW_SIZES,
  ) {}

  /**
   * Where the window holding `offset` starts. Only lexing from the start of the file tells where a cut may
   * be, so Read From Cursor deep in a huge file finds the windows up to the cursor first (lexing, without
   * preparing any of it for speech: some tens of milliseconds for 10 MB).
   */
  windowStartFor(offset: number): number {
    for (const [start, end] of this.windowsFrom(0)) {
      if (end > offset) {
        return start;
      }
    }
    return 0;
  }

  /** Where the window starting at `start` (a cut) ends: the first cut after `start + target`, or the end. */
  windowEnd(start: number, target = this.sizes.target): number {
    const length = this.text.length;
    if (length <= this.sizes.wholeUpTo || start + target >= length) {
      return length;
    }
    // Past `fallbackAfter` without a cut that changes nothing (a long run of line comments), a line at rest
    // will do: the run's paragraph is read as two there, but no window holds the host for long.
    const fallbackFrom = start + (this.sizes.fallbackAfter ?? 4 * target);
    return commentCutAfter(this.text, this.languageId, start, start + target, fallbackFrom);
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
