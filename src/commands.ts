import * as vscode from 'vscode';
import { selectionsToRead } from './editor/selectionsToRead';
import type { PlayerView } from './player/PlayerView';
import type { Reader } from './reading/Reader';

export interface CommandContext {
  readonly reader: Reader;
  readonly player: PlayerView;
}

/** Every command the extension contributes, in one table; package.json declares the same ids. */
export const COMMANDS: Record<string, (context: CommandContext) => unknown> = {
  'readAloud.readSelection': ({ reader }) => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Read Aloud: open a file and select some text to read.');
      return undefined;
    }
    const document = editor.document;
    const passages = selectionsToRead(document, editor.selections).map((range) => ({
      text: document.getText(range),
      offset: document.offsetAt(range.start),
    }));
    return reader.read({ passages, description: 'selection' });
  },
  'readAloud.stop': ({ reader }) => reader.stop(),
  'readAloud.togglePause': ({ reader }) => reader.togglePause(),
  'readAloud.showPlayer': ({ player }) => player.reveal(),
};

export function registerCommands(context: CommandContext): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, run]) => vscode.commands.registerCommand(id, () => run(context)));
}
