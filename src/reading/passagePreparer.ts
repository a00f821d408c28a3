// Chooses how a passage becomes speech: Markdown without its syntax, the comments of a code file, plain
// text with URLs shortened; then the user's pronunciations. Pure: no vscode import.

import { codeForTheEar, documentForSpeech, isCodeLanguage, isMarkdownLanguage, selectionForSpeech } from '../text/code';
import type { WindowKind } from './documentWindows';
import type { CodeBlockReading, TableReading } from '../text/markdown';
import { applyPronunciations, type PronunciationRule } from '../text/pronunciation';
import { sliceSpokenText, type SpokenText } from '../text/spoken';
import type { SourcePassage } from './readingPlan';

export interface SpeechTextOptions {
  readonly languageId: string;
  /** A selection is read as selected (code included); a document by its prose (code files: comments). */
  readonly mode: 'selection' | 'document';
  readonly codeBlocks: CodeBlockReading;
  /** Markdown tables (default `read`: announced with their size, then row by row). */
  readonly tables?: TableReading;
  readonly codeFiles: 'comments' | 'all';
  readonly pronunciations: readonly PronunciationRule[];
  /** Called when pronunciations would have grown a passage past the limit (and were applied only up to it). */
  readonly onPronunciationLimit?: () => void;
  /** Code read as a developer says it (codeSpeech.ts): selections of code, and code files read `all`. */
  readonly codeSpeech?: boolean;
}

/** The settings part of SpeechTextOptions: what `readAloud.*` says, the same for every passage. */
export type TextSettings = Omit<SpeechTextOptions, 'languageId' | 'mode'>;

export function passagePreparer(options: SpeechTextOptions): (passage: SourcePassage) => SpokenText {
  return (passage) => {
    const spoken =
      options.mode === 'document'
        ? documentForSpeech(passage.text, passage.offset, options.languageId, {
            codeBlocks: options.codeBlocks,
            ...(options.tables ? { tables: options.tables } : {}),
            codeFiles: options.codeFiles,
            ...(passage.from === undefined ? {} : { from: passage.from }),
          })
        : startingAt(
            selectionForSpeech(passage.text, passage.offset, options.languageId, {
              codeBlocks: options.codeBlocks,
              ...(options.tables ? { tables: options.tables } : {}),
            }),
            passage.from,
          );
    const asCode = readsCodeAsCode(options) ? codeForTheEar(spoken) : spoken;
    return options.pronunciations.length > 0 ? applyPronunciations(asCode, options.pronunciations, options.onPronunciationLimit) : asCode;
  };
}

/** Whether this reading speaks source code itself (not just its comments), and the user wants it said naturally. */
function readsCodeAsCode(options: SpeechTextOptions): boolean {
  return options.codeSpeech === true && isCodeLanguage(options.languageId) && (options.mode === 'selection' || options.codeFiles === 'all');
}

/**
 * How a big passage may be cut into windows prepared one at a time: Markdown between blocks, plain text
 * between paragraphs, code read whole at blank lines, a code file read by its comments where its comment
 * lexer is at rest.
 */
export function windowKindFor(options: Pick<SpeechTextOptions, 'languageId' | 'mode' | 'codeFiles'>): WindowKind {
  if (isMarkdownLanguage(options.languageId)) {
    return 'markdown';
  }
  if (!isCodeLanguage(options.languageId)) {
    return 'plain';
  }
  return options.mode === 'document' && options.codeFiles === 'comments' ? { comments: options.languageId } : 'code';
}

/** The part of `spoken` whose source starts at or after document offset `from`. */
function startingAt(spoken: SpokenText, from: number | undefined): SpokenText {
  if (from === undefined) {
    return spoken;
  }
  // Source offsets never decrease along the spoken text: binary search for the first one at `from`.
  let lo = 0;
  let hi = spoken.text.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (spoken.sourceOffsetAt(mid) < from) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return sliceSpokenText(spoken, lo);
}
