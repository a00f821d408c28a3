// Commands that read text from outside the editor's text: the clipboard, the hover and the problems at
// the cursor. Each says clearly when there is nothing, and then sends nothing to the service.
import * as vscode from 'vscode';
import type { Reader } from '../reading/Reader';
import type { SpeechSession } from '../session/SpeechSession';
import { hasWords } from './hasWords';
import { hoverMarkdown, type HoverPart } from './hoverText';
import { problemsAt, problemsSpeech } from './problemSpeech';
import { speakText } from './speakText';

/** Read Clipboard Aloud: the clipboard as Markdown for the ear (what a chat view's Copy gives). */
export async function readClipboard(reader: Reader): Promise<SpeechSession | undefined> {
  const text = await vscode.env.clipboard.readText();
  if (!hasWords(text)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Read Aloud: the clipboard has no text to read. Copy some text first.'));
    return undefined;
  }
  return speakText(reader, {
    text,
    languageId: 'markdown',
    nothingToRead: vscode.l10n.t('Read Aloud: nothing to read — the clipboard has only Markdown syntax or code blocks.'),
  });
}

/** Read Hover: what the hover at the cursor would show, as Markdown for the ear. */
export async function readHover(reader: Reader): Promise<SpeechSession | undefined> {
  const editor = activeEditor(vscode.l10n.t('Read Aloud: open a file and put the cursor where you want to hear its hover.'));
  if (!editor) {
    return undefined;
  }
  const hovers = await vscode.commands.executeCommand<Array<{ contents: HoverPart[] }> | undefined>(
    'vscode.executeHoverProvider',
    editor.document.uri,
    editor.selection.active,
  );
  const markdown = hoverMarkdown(hovers ?? []);
  if (!hasWords(markdown)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Read Aloud: there is no hover at the cursor.'));
    return undefined;
  }
  return speakText(reader, {
    text: markdown,
    languageId: 'markdown',
    nothingToRead: vscode.l10n.t('Read Aloud: nothing to read — the hover has only Markdown syntax or code blocks.'),
  });
}

/** Read Problem at Cursor: the diagnostics at the cursor (or nearest on its line), said naturally. */
export async function readProblem(reader: Reader): Promise<SpeechSession | undefined> {
  const editor = activeEditor(vscode.l10n.t('Read Aloud: open a file and put the cursor where you want to hear its problems.'));
  if (!editor) {
    return undefined;
  }
  const problems = problemsAt(vscode.languages.getDiagnostics(editor.document.uri), editor.selection.active);
  if (problems.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Read Aloud: there is no problem at the cursor or on its line.'));
    return undefined;
  }
  return speakText(reader, {
    text: problemsSpeech(problems),
    languageId: 'plaintext',
    nothingToRead: vscode.l10n.t('Read Aloud: nothing to read — the problem at the cursor has no text.'),
  });
}

/** The active editor, or undefined after telling the user `noEditorMessage`. */
function activeEditor(noEditorMessage: string): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage(noEditorMessage);
  }
  return editor;
}
