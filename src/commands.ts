import * as vscode from 'vscode';
import { openSetting, readEngineSettings } from './config';
import { selectionsToRead } from './editor/selectionsToRead';
import { saveAsMp3 } from './export/saveAsMp3';
import type { PlayerView } from './player/PlayerView';
import type { EditorPlanBuilder } from './reading/planHost';
import type { Reader } from './reading/Reader';
import type { ResumeTracker } from './reading/resumeTracker';
import type { VoiceStore } from './voices/voiceCache';
import { selectVoice } from './voices/selectVoice';
import { readClipboard, readHover, readProblem } from './sources/readSources';

export interface CommandContext {
  readonly reader: Reader;
  readonly player: PlayerView;
  /** Settings, text for the ear and voice, shared by readings and Save as MP3. */
  readonly planner: EditorPlanBuilder;
  /** Where each document's reading was stopped, for Continue Reading. */
  readonly resume: ResumeTracker;
  /** Where the voice list is cached between sessions: the extension's globalState. */
  readonly voiceStore: VoiceStore;
  readonly log: vscode.LogOutputChannel;
}

/** Every command the extension contributes, in one table; package.json declares the same ids. */
export const COMMANDS: Record<string, (context: CommandContext) => unknown> = {
  'readAloud.readSelection': ({ reader }) =>
    withEditor((editor) => {
      const document = editor.document;
      const passages = selectionsToRead(document, editor.selections).map((range) => ({
        text: document.getText(range),
        offset: document.offsetAt(range.start),
      }));
      return reader.read({
        document,
        passages,
        mode: 'selection',
        nothingToRead: vscode.l10n.t('Read Aloud: nothing to read — the selection is empty or only whitespace.'),
      });
    }),
  'readAloud.readFromCursor': ({ reader }) =>
    withEditor((editor) => {
      const document = editor.document;
      const offset = document.offsetAt(editor.selection.active);
      // The whole document is parsed (a cursor inside a code fence or comment is understood); speech starts at the cursor.
      return reader.read({
        document,
        passages: [{ text: document.getText(), offset: 0, from: offset }],
        mode: 'document',
        nothingToRead: vscode.l10n.t('Read Aloud: nothing to read — the rest of the file is empty or only whitespace.'),
      });
    }),
  'readAloud.readDocument': ({ reader }) =>
    withEditor((editor) => {
      const document = editor.document;
      return reader.read({
        document,
        passages: [{ text: document.getText(), offset: 0 }],
        mode: 'document',
        nothingToRead: vscode.l10n.t('Read Aloud: nothing to read — the file is empty or only whitespace.'),
      });
    }),
  'readAloud.readClipboard': ({ reader }) => readClipboard(reader),
  'readAloud.readHover': ({ reader }) => readHover(reader),
  'readAloud.readProblem': ({ reader }) => readProblem(reader),
  'readAloud.continueReading': ({ reader, resume }) =>
    withEditor((editor) => {
      const document = editor.document;
      const from = resume.positionFor(document);
      if (from === undefined) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t('Read Aloud: there is no stopped reading of this file to continue. Use Read Document or Read From Cursor.'),
        );
        return undefined;
      }
      return reader.read({
        document,
        passages: [{ text: document.getText(), offset: 0, from }],
        mode: 'document',
        nothingToRead: vscode.l10n.t('Read Aloud: nothing to read — the rest of the file is empty or only whitespace.'),
      });
    }),
  'readAloud.stop': ({ reader }) => reader.stop(),
  'readAloud.togglePause': ({ reader }) => reader.togglePause(),
  'readAloud.nextSentence': ({ reader }) => reader.nextSentence(),
  'readAloud.previousSentence': ({ reader }) => reader.previousSentence(),
  'readAloud.faster': ({ reader }) => reader.changeSpeed(1),
  'readAloud.slower': ({ reader }) => reader.changeSpeed(-1),
  'readAloud.showPlayer': ({ player }) => player.reveal(),
  'readAloud.selectVoice': (context) => selectVoice(context),
  'readAloud.saveSelectionAsMp3': ({ planner, log }) =>
    withEdge(() => withEditor((editor) => saveAsMp3(editor, 'selection', planner, log))),
  'readAloud.saveDocumentAsMp3': ({ planner, log }) => withEdge(() => withEditor((editor) => saveAsMp3(editor, 'document', planner, log))),
};

/** MP3 files are made by Edge's voices only: with `readAloud.engine` set to `system`, say so instead of sending the text. */
function withEdge<T>(run: () => T): T | undefined {
  if (readEngineSettings().settings.mode === 'system') {
    void vscode.window
      .showInformationMessage(
        vscode.l10n.t(
          'Read Aloud: Save as MP3 uses Microsoft Edge\'s online voices, and readAloud.engine is "system", so nothing is sent. Set it to "auto" or "edge" to save MP3 files.',
        ),
        vscode.l10n.t('Open Settings'),
      )
      .then((choice) => {
        if (choice) {
          void openSetting('engine');
        }
      });
    return undefined;
  }
  return run();
}

function withEditor<T>(run: (editor: vscode.TextEditor) => T): T | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Read Aloud: open a file first, then select the text to read.'));
    return undefined;
  }
  return run(editor);
}

export function registerCommands(context: CommandContext): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, run]) => vscode.commands.registerCommand(id, () => run(context)));
}
