import * as vscode from 'vscode';
import type { Reader } from '../reading/Reader';
import type { SpeechSession } from '../session/SpeechSession';
import { hasWords } from './hasWords';

export interface TextToSpeak {
  readonly text: string;
  /** How to read it: `markdown` for the ear (code blocks per setting, links shortened), `plaintext`, … */
  readonly languageId: string;
  /**
   * The whole sentence said when nothing is left to read once Markdown syntax and code are left out (one
   * per source, translated: "…the clipboard has nothing to read…"), never a noun spliced into a template.
   */
  readonly nothingToRead: string;
}

/**
 * Reads text that lives in no editor, as Read Document reads a document of its language, replacing any
 * reading in progress. Undefined (and the user told) when there is nothing to read.
 */
export async function speakText(reader: Reader, { text, languageId, nothingToRead }: TextToSpeak): Promise<SpeechSession | undefined> {
  if (!hasWords(text)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Read Aloud: nothing to read — the text is empty.'));
    return undefined;
  }
  return reader.read({ languageId, passages: [{ text, offset: 0 }], mode: 'document', nothingToRead });
}
