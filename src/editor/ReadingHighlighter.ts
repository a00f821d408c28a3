import * as vscode from 'vscode';
import { OffsetTracker } from '../reading/offsetTracker';
import { DEFAULT_HIGHLIGHT_SETTINGS, type HighlightSettings } from '../settings/highlightSettings';
import { Disposable } from '../shared/dispose';
import type { SourceRange } from '../text/spoken';

/** After our own reveal, visible-range changes for this long are ours, not the user scrolling. */
const OWN_SCROLL_GRACE_MS = 400;

/**
 * Highlights the spoken word (and softly, its sentence) in every editor showing the document being read,
 * and keeps it in view — unless the user scrolls away, in which case it stops following until the word
 * is on screen again. Edits during the reading move the highlight with the text.
 */
export class ReadingHighlighter extends Disposable {
  private readonly wordDecoration = this._register(
    vscode.window.createTextEditorDecorationType({
      // Contributed theme colours (package.json), defaulting to VS Code's own word highlight.
      backgroundColor: new vscode.ThemeColor('readAloud.wordHighlightBackground'),
      borderColor: new vscode.ThemeColor('readAloud.wordHighlightBorder'),
      borderStyle: 'solid',
      borderWidth: '1px',
      borderRadius: '2px',
    }),
  );
  private readonly sentenceDecoration = this._register(
    vscode.window.createTextEditorDecorationType({
      backgroundColor: new vscode.ThemeColor('readAloud.sentenceHighlightBackground'),
    }),
  );
  private document: vscode.TextDocument | undefined;
  private offsets = new OffsetTracker();
  private followScroll = true;
  private settings: HighlightSettings = DEFAULT_HIGHLIGHT_SETTINGS;
  private ownScrollUntil = 0;
  private lastWord: SourceRange | undefined;
  private lastSentence: SourceRange | undefined;

  constructor() {
    super();
    this._register(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === this.document && event.contentChanges.length > 0) {
          this.offsets.record(
            event.contentChanges.map((change) => ({
              offset: change.rangeOffset,
              removedLength: change.rangeLength,
              insertedLength: change.text.length,
            })),
          );
        }
      }),
    );
    this._register(
      vscode.window.onDidChangeTextEditorVisibleRanges((event) => {
        if (event.textEditor.document !== this.document || Date.now() < this.ownScrollUntil || !this.lastWord) {
          return;
        }
        const word = this.toRange(this.lastWord);
        // Following resumes by itself once the user brings the spoken word back into view.
        this.followScroll = !!word && event.visibleRanges.some((visible) => visible.contains(word));
      }),
    );
    this._register(vscode.window.onDidChangeVisibleTextEditors(() => this.render()));
  }

  /** Starts highlighting for a new reading of `document` (offsets as they are now). */
  begin(document: vscode.TextDocument): void {
    this.clear();
    this.document = document;
    this.offsets = new OffsetTracker();
    this.followScroll = true;
  }

  /** `readAloud.highlight` / `readAloud.followInEditor`; applies at once, also to a reading in progress. */
  configure(settings: HighlightSettings): void {
    this.settings = settings;
    this.render();
  }

  show(word: SourceRange | undefined, sentence: SourceRange | undefined): void {
    if (!this.document || (sameRange(word, this.lastWord) && sameRange(sentence, this.lastSentence))) {
      return;
    }
    this.lastWord = word;
    this.lastSentence = sentence;
    this.render();
    const range = word && this.toRange(word);
    const editor = vscode.window.activeTextEditor;
    if (
      range &&
      this.settings.followInEditor &&
      this.followScroll &&
      editor?.document === this.document &&
      !editor.visibleRanges.some((v) => v.contains(range))
    ) {
      this.ownScrollUntil = Date.now() + OWN_SCROLL_GRACE_MS;
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  }

  /** The document offset of the spoken word now, after edits; undefined if none or edited away. */
  currentWordStart(): number | undefined {
    const range = this.lastWord && this.offsets.mapRange(this.lastWord.start, this.lastWord.end);
    return range?.start;
  }

  /** Maps an offset taken at the start of the reading to the document as it is now. */
  mapOffset(offset: number): number | undefined {
    return this.offsets.mapRange(offset, offset)?.start;
  }

  clear(): void {
    this.lastWord = undefined;
    this.lastSentence = undefined;
    this.render();
    this.document = undefined;
  }

  override dispose(): void {
    this.clear();
    super.dispose();
  }

  private render(): void {
    const { highlight } = this.settings;
    const word = highlight === 'word' && this.lastWord ? this.toRange(this.lastWord) : undefined;
    const sentence = highlight !== 'off' && this.lastSentence ? this.toRange(this.lastSentence) : undefined;
    for (const editor of vscode.window.visibleTextEditors) {
      const mine = editor.document === this.document;
      editor.setDecorations(this.wordDecoration, mine && word ? [word] : []);
      editor.setDecorations(this.sentenceDecoration, mine && sentence ? [sentence] : []);
    }
  }

  private toRange(range: SourceRange): vscode.Range | undefined {
    const document = this.document;
    const mapped = document && this.offsets.mapRange(range.start, range.end);
    if (!document || !mapped) {
      return undefined;
    }
    return new vscode.Range(document.positionAt(mapped.start), document.positionAt(mapped.end));
  }
}

function sameRange(a: SourceRange | undefined, b: SourceRange | undefined): boolean {
  return a === b || (!!a && !!b && a.start === b.start && a.end === b.end);
}
