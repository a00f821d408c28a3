import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { PLAYER_VIEW_ID, PlayerView } from './player/PlayerView';
import { Reader } from './reading/Reader';
import { ResumeTracker } from './reading/resumeTracker';
import { setEdgeEndpoint } from './speech/edgeEndpoint';

/** What `activate` returns in test mode, so in-host tests can watch readings. Undefined otherwise. */
export interface ReadAloudTestApi {
  readonly reader: Reader;
  readonly player: PlayerView;
  readonly resume: ResumeTracker;
}

export function activate(context: vscode.ExtensionContext): ReadAloudTestApi | undefined {
  const log = vscode.window.createOutputChannel('Read Aloud', { log: true });
  const player = new PlayerView(context.extensionUri, log);
  const reader = new Reader(player, log);
  const resume = new ResumeTracker(reader, context.workspaceState);
  stopReadingOnDeactivate = () => reader.stop();
  context.subscriptions.push(
    log,
    player,
    resume,
    reader,
    // Keep the webview alive while hidden: otherwise hiding the panel would destroy it and cut the audio.
    vscode.window.registerWebviewViewProvider(PLAYER_VIEW_ID, player, { webviewOptions: { retainContextWhenHidden: true } }),
    ...registerCommands({ reader, player, resume, voiceStore: context.globalState, log }),
  );

  if (context.extensionMode !== vscode.ExtensionMode.Test) {
    return undefined;
  }
  // Only a test run may point the speech client at a local server: this command does not exist otherwise,
  // and no setting can do it, so no workspace can redirect the user's text.
  context.subscriptions.push(
    vscode.commands.registerCommand('readAloud.test.setEdgeEndpoint', (speechUrl: string, voicesUrl: string) => {
      setEdgeEndpoint({ speechUrl, voicesUrl });
    }),
  );
  return { reader, player, resume };
}

/** Set by `activate`. */
let stopReadingOnDeactivate: (() => void) | undefined;

export function deactivate(): void {
  // Stop first, while the resume tracker still listens: a reading cut by a reload or window close is
  // remembered for Continue Reading. Everything else is disposed through context.subscriptions.
  stopReadingOnDeactivate?.();
  stopReadingOnDeactivate = undefined;
}
