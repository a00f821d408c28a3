import * as vscode from 'vscode';
import { Disposable } from '../shared/dispose';
import type { Reader, ReadingEnded } from './Reader';
import { ResumePositions, type KeyValueStorage } from './resumePositions';

/**
 * Remembers where each document's reading stopped (Read Document, Read From Cursor, Continue Reading),
 * in the workspace's state so it survives a reload, and keeps it in place while the document is edited.
 * A reading that plays to its end forgets the place: there is nothing left to continue.
 */
export class ResumeTracker extends Disposable {
  private readonly positions: ResumePositions;

  constructor(reader: Reader, storage: KeyValueStorage) {
    super();
    this.positions = new ResumePositions(storage);
    this._register(reader.onReadingEnded((ended) => this.onReadingEnded(ended)));
    this._register(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0) {
          return;
        }
        void this.positions.applyEdits(
          event.document.uri.toString(),
          event.contentChanges.map((change) => ({
            offset: change.rangeOffset,
            removedLength: change.rangeLength,
            insertedLength: change.text.length,
          })),
        );
      }),
    );
  }

  /** Where Continue Reading starts in `document`, if a reading of it was stopped (within the text as it is now). */
  positionFor(document: vscode.TextDocument): number | undefined {
    const position = this.positions.get(document.uri.toString());
    return position && Math.min(position.offset, document.getText().length);
  }

  private onReadingEnded(ended: ReadingEnded): void {
    if (ended.mode !== 'document') {
      return;
    }
    const key = ended.document.uri.toString();
    if (ended.outcome === 'finished') {
      void this.positions.forget(key);
    } else if (ended.sentenceStart !== undefined) {
      void this.positions.save(key, ended.sentenceStart);
    }
  }
}
