// Keeps document offsets taken at the start of a reading valid while the user edits. Pure.

export interface TextEdit {
  /** Offset of the replaced range, in the document as it was just before this edit. */
  readonly offset: number;
  readonly removedLength: number;
  readonly insertedLength: number;
}

/**
 * Records edits in the order they happen and maps an original offset to where that text is now.
 * Text that an edit replaced has no position any more: such ranges map to undefined, and the highlight
 * simply skips them rather than landing on unrelated text.
 */
export class OffsetTracker {
  private readonly edits: TextEdit[] = [];

  record(edits: readonly TextEdit[]): void {
    // The changes of one VS Code event are all relative to the document before the event; applied from
    // the highest offset down, each one's offset stays valid.
    const ordered = [...edits].sort((a, b) => b.offset - a.offset);
    this.edits.push(...ordered);
  }

  get hasEdits(): boolean {
    return this.edits.length > 0;
  }

  /** The current range of the original `[start, end)`, or undefined if an edit touched it. */
  mapRange(start: number, end: number): { start: number; end: number } | undefined {
    let s = start;
    let e = end;
    for (const edit of this.edits) {
      const editEnd = edit.offset + edit.removedLength;
      if (editEnd <= s) {
        const delta = edit.insertedLength - edit.removedLength;
        s += delta;
        e += delta;
      } else if (edit.offset >= e) {
        // After the range: no effect.
      } else {
        return undefined;
      }
    }
    return { start: s, end: e };
  }
}
